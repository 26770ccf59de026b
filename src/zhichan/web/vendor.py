"""Vendor the web front's JavaScript libraries from the npm registry into ``static/vendor/``.

Input: the pinned list ``LIBRARIES`` below (npm package, version, files to keep). Output: those files
under ``src/zhichan/web/static/vendor/<package>/`` and ``static/vendor/VERSIONS.json`` recording each
package's version, the registry's integrity hash and the sha256 of every file kept. The server only
serves these copies: no CDN, nothing fetched when a page loads. Run it (it needs ``npm``) to update::

    python -m zhichan.web.vendor
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).parent / "static" / "vendor"

# (npm package, exact version, files inside the package tarball, licence file)
LIBRARIES = [
    ("@zazuko/yasgui", "4.6.2", ["build/yasgui.min.js", "build/yasgui.min.css"], "LICENSE"),
    ("cytoscape", "3.35.0", ["dist/cytoscape.min.js"], "LICENSE"),
]


def _folder(package: str) -> str:
    return package.replace("@", "").replace("/", "-")


def vendor() -> dict:
    VENDOR.mkdir(parents=True, exist_ok=True)
    record = {}
    with tempfile.TemporaryDirectory(prefix="zhichan-vendor-") as tmp:
        for package, version, files, licence in LIBRARIES:
            out = subprocess.run(["npm", "pack", f"{package}@{version}", "--json"], cwd=tmp, check=True,
                                 capture_output=True, text=True).stdout
            info = json.loads(out)[0]
            target = VENDOR / _folder(package)
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            kept = {}
            with tarfile.open(Path(tmp) / info["filename"]) as tar:
                names = set(tar.getnames())
                for f in files + ([licence] if f"package/{licence}" in names else []):
                    data = tar.extractfile(f"package/{f}").read()
                    (target / Path(f).name).write_bytes(data)
                    kept[Path(f).name] = hashlib.sha256(data).hexdigest()
            record[package] = {"version": version, "integrity": info.get("integrity"), "folder": _folder(package),
                               "files": kept}
    (VENDOR / "VERSIONS.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


if __name__ == "__main__":
    for name, rec in vendor().items():
        print(f"{name}@{rec['version']}: {', '.join(rec['files'])}")
