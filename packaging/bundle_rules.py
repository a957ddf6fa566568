"""What the desktop bundle leaves out, once, for the spec (annotator.spec), the smoke test
(smoke.py) and tests/test_bundle.py.

camel-tools goes in, without what needs torch: transliteration and arclean cleaning
(camel_tools.utils.charmap and its JSON character maps), morphology and MLE disambiguation
(CAMEL_MODULES: imported by name through annotator.camel.env.import_camel, so the spec names
them as hidden imports) and the small libraries they import (cachetools, pyrsistent,
editdistance, muddler, requests...). CAMeL NER does not (CAMEL_NER_MODULES): it needs torch
and transformers, and its worker (annotator/camel/ner_worker.py) is a `python -c` process that
a bundle, which has no Python, never starts; there it says why and how to use it instead.

No torch: excluding the module alone is not enough: the torch hook adds the nvidia-* CUDA
packages as hidden imports and collects torch's shared libraries, and a library found by the
binary dependency analysis is not a module at all. So the spec excludes the modules
(EXCLUDED_MODULES), then drops any collected file that matches FORBIDDEN_FILES, and the smoke
test fails if one is in the built folder.

No Qt beyond QtCore, QtGui and QtWidgets (all the code imports): no QML/Quick, no WebEngine,
no 3D, multimedia, network, SQL... (their Python modules are excluded, their libraries and
plugins dropped).

Importable without PyInstaller (plain data and two pure functions).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path

# torch, its CUDA libraries and what pulls them in
TORCH_MODULES = (
    "torch",
    "torchvision",
    "torchaudio",
    "torchtext",
    "functorch",
    "triton",
    "nvidia",
    "transformers",
    "tokenizers",
    "safetensors",
    "huggingface_hub",
    "tensorflow",
    "jax",
    "kenlm",
)

# camel-tools' parts that need torch, transformers or scikit-learn, and its command-line tools
# (camel_data among them): CAMeL NER is the only one the code uses, in its worker process alone
CAMEL_NER_MODULES = (
    "camel_tools.ner",
    "camel_tools.disambig.bert",
    "camel_tools.sentiment",
    "camel_tools.dialectid",
    "camel_tools.cli",
)

# the camel-tools modules the code imports by name (annotator.camel.env.import_camel) or
# statically, outside the NER worker: the spec's hidden imports (tests/test_bundle.py checks
# that every one the code names is here)
CAMEL_MODULES = (
    "camel_tools.utils.charmap",
    "camel_tools.data",
    "camel_tools.morphology.database",
    "camel_tools.morphology.analyzer",
    "camel_tools.morphology.errors",
    "camel_tools.disambig.common",
    "camel_tools.disambig.mle",
    "camel_tools.tokenizers.morphological",
)

# optional parts of the libraries the app uses (numpy and scipy test helpers, msgspec.yaml,
# build tools) and tools that are not the app
UNUSED_MODULES = (
    "yaml",
    "setuptools",
    "pkg_resources",
    "sklearn",
    "pandas",
    "matplotlib",
    "PIL",
    "IPython",
    "tkinter",
    "_tkinter",
    "pytest",
    "hypothesis",
    "mypy",
    "ruff",
    "importlinter",
    "grimp",
    "PyInstaller",
)

# Qt modules the code does not import (it imports QtCore, QtGui and QtWidgets only)
UNUSED_QT_MODULES = tuple(
    f"PySide6.{name}"
    for name in (
        "Qt3DAnimation",
        "Qt3DCore",
        "Qt3DExtras",
        "Qt3DInput",
        "Qt3DLogic",
        "Qt3DRender",
        "QtAxContainer",
        "QtBluetooth",
        "QtCanvasPainter",
        "QtCharts",
        "QtConcurrent",
        "QtDataVisualization",
        "QtDBus",
        "QtDesigner",
        "QtGraphs",
        "QtGraphsWidgets",
        "QtHelp",
        "QtHttpServer",
        "QtLocation",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtNetwork",
        "QtNetworkAuth",
        "QtNfc",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPdf",
        "QtPdfWidgets",
        "QtPositioning",
        "QtPrintSupport",
        "QtQml",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickTest",
        "QtQuickWidgets",
        "QtRemoteObjects",
        "QtScxml",
        "QtSensors",
        "QtSerialBus",
        "QtSerialPort",
        "QtSpatialAudio",
        "QtSql",
        "QtStateMachine",
        "QtSvg",
        "QtSvgWidgets",
        "QtTest",
        "QtTextToSpeech",
        "QtUiTools",
        "QtWebChannel",
        "QtWebEngineCore",
        "QtWebEngineQuick",
        "QtWebEngineWidgets",
        "QtWebSockets",
        "QtWebView",
        "QtXml",
    )
)

EXCLUDED_MODULES = TORCH_MODULES + CAMEL_NER_MODULES + UNUSED_MODULES + UNUSED_QT_MODULES

# the file (relative to the checkout) of the one process that imports CAMEL_NER_MODULES and
# torch: the bundle never runs it (tests/test_bundle.py)
NER_WORKER = "annotator/camel/ner_worker.py"

# Qt plugins (path under the plugins folder) that a desktop app does not need: the GTK theme
# (it would bring a GTK stack of the build machine's), embedded-device platforms and input.
# Left out by the QtGui hook (hooks/hook-PySide6.QtGui.py), so that their libraries are not
# collected either.
UNUSED_QT_PLUGINS = (
    "platformthemes/*gtk*",
    "platforms/*eglfs*",
    "platforms/*linuxfb*",
    "platforms/*vnc*",
    "platforms/*vkkhrdisplay*",
    "platforms/*minimalegl*",
    "egldeviceintegrations/*",
    "generic/*",
)

# Patterns on a bundled file's path relative to the bundle (forward slashes, lower case):
# none of these may be collected, whatever hook or dependency analysis brought it.
FORBIDDEN_FILES = (
    # torch and CUDA
    "*libtorch*",
    "*libc10*",
    "*libcaffe2*",
    "torch/*",
    "*/torch/*",
    "nvidia/*",
    "*/nvidia/*",
    "*libcuda*",
    "*libcudnn*",
    "*libcublas*",
    "*libcufft*",
    "*libcurand*",
    "*libcusolver*",
    "*libcusparse*",
    "*libnccl*",
    "*libnvrtc*",
    "*libnvjitlink*",
    "*libnvtoolsext*",
    "*libtriton*",
    "*cudart*",
    # Qt that the app does not use: QML/Quick, WebEngine, 3D, multimedia, PDF
    "*qt6webengine*",
    "*qtwebengine*",
    "*qt6qml*",
    "*qt6quick*",
    "*qt63d*",
    "*qt6multimedia*",
    "*qt6pdf*",
    "*qt6charts*",
    "*qt6datavisualization*",
    "*qt6graphs*",
    "*qt6designer*",
    "*qt6lottie*",
    "*qt6labs*",
    "*/qt/qml/*",
    "*/plugins/qmltooling/*",
    "*/plugins/qmllint/*",
    "*/plugins/designer/*",
    "*/plugins/sqldrivers/*",
)


def forbidden(relative_path: str) -> bool:
    """Whether a bundled file (its path inside the bundle) is one the bundle must not hold."""
    name = relative_path.replace(os.sep, "/").replace("\\", "/").lower()
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in FORBIDDEN_FILES)


# Qt's own translations (standard dialogs' buttons) kept: those of the app's languages
QT_TRANSLATION_LANGUAGES = ("ar", "en")


def unused_qt_translation(relative_path: str) -> bool:
    """Whether a bundled file is a Qt translation (`.../Qt/translations/qtbase_fr.qm`) of a
    language the app does not speak."""
    path = relative_path.replace("\\", "/").lower()
    if "/qt/translations/" not in f"/{path}" or not path.endswith(".qm"):
        return False
    language = path.rsplit("/", 1)[-1][: -len(".qm")].split("_", 1)[-1]
    return language.split("_")[0] not in QT_TRANSLATION_LANGUAGES


def unused_qt_plugin(plugin_type: str, filename: str) -> bool:
    """Whether the Qt plugin `filename` of `plugin_type` (e.g. "platforms") is left out."""
    name = f"{plugin_type}/{filename}".replace("\\", "/").lower()
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in UNUSED_QT_PLUGINS)


def forbidden_files(bundle: Path) -> list[str]:
    """The files (and links) inside the built folder `bundle` that are forbidden."""
    found = []
    for path in _files(bundle):
        relative = path.relative_to(bundle).as_posix()
        if forbidden(relative):
            found.append(relative)
    return sorted(found)


def bundle_size(bundle: Path) -> int:
    """Bytes of the unpacked bundle (regular files; symlinks not followed)."""
    return sum(p.stat().st_size for p in _files(bundle) if not p.is_symlink())


def _files(folder: Path) -> Iterable[Path]:
    """Files and links to files or folders (os.walk does not follow links)."""
    for root, dirs, files in os.walk(folder):
        for name in files + [d for d in dirs if (Path(root) / d).is_symlink()]:
            yield Path(root) / name
