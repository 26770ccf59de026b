// The neighbourhood of one entity (/api/neighbourhood) drawn with cytoscape: nodes coloured by core class,
// edges labelled with the predicate; a click on a node opens its page.
(function () {
  var box = document.getElementById("graph");
  var status = document.getElementById("graph-status");
  if (!box || !box.dataset.iri) { if (status) status.textContent = "no entity given (?iri=…)"; return; }
  var colour = function (core) {
    return getComputedStyle(document.documentElement).getPropertyValue("--" + core).trim() || "#e4e7d2";
  };
  fetch("/api/neighbourhood?iri=" + encodeURIComponent(box.dataset.iri) + "&hops=" + box.dataset.hops)
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var elements = data.nodes.map(function (n) {
        return { data: { id: n.id, label: n.label, core: n.core, href: n.href, colour: colour(n.core),
                         centre: n.id === data.center ? 1 : 0 } };
      }).concat(data.edges.map(function (e, i) {
        return { data: { id: "e" + i, source: e.source, target: e.target, label: e.label } };
      }));
      var cy = cytoscape({
        container: box, elements: elements, wheelSensitivity: 0.2,
        layout: { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 110 },
        style: [
          { selector: "node", style: { "background-color": "data(colour)", "label": "data(label)", "font-size": 11,
              "text-valign": "bottom", "text-margin-y": 3, "border-width": 1, "border-color": "#64748b", width: 22, height: 22 } },
          { selector: "node[centre = 1]", style: { width: 34, height: 34, "border-width": 3, "border-color": "#0f172a", "font-weight": "bold" } },
          { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "label": "data(label)",
              "font-size": 9, "text-rotation": "autorotate", "color": "#475569", "line-color": "#94a3b8",
              "target-arrow-color": "#94a3b8", width: 1.5, "text-background-color": "#fff", "text-background-opacity": 0.8 } }
        ]
      });
      cy.on("tap", "node", function (evt) { window.location.href = evt.target.data("href"); });
      window.zhichanGraph = cy;
      status.textContent = data.nodes.length + " entities, " + data.edges.length + " relations";
      box.dataset.ready = "1";
    })
    .catch(function (err) { status.textContent = "could not load the graph: " + err; });
})();
