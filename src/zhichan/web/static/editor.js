// YASGUI on this server's endpoint only. The property and class autocompleters are switched off because they
// call an outside service (LOV) while typing; nothing leaves this server.
(function () {
  var box = document.getElementById("yasgui");
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  var yasgui = new Yasgui(box, {
    requestConfig: { endpoint: box.dataset.endpoint, method: "POST" },
    copyEndpointOnNewTab: true, endpointCatalogueOptions: { getData: function () { return [{ endpoint: box.dataset.endpoint }]; } },
    persistenceId: null
  });
  var tab = yasgui.getTab();
  if (tab && !localStorage.getItem("zhichan-editor-used")) {
    tab.setQuery("PREFIX zc: <https://w3id.org/zhichan/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n\n" +
      "SELECT ?class (COUNT(?x) AS ?n) WHERE {\n  ?x a ?class .\n  FILTER(STRSTARTS(STR(?class), STR(zc:)))\n} GROUP BY ?class ORDER BY DESC(?n)");
    localStorage.setItem("zhichan-editor-used", "1");
  }
  window.zhichanYasgui = yasgui;
})();
