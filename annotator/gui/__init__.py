"""The annotation workbench (PySide6). Everything Qt lives in this package."""

from annotator.gui.qtfix import protect_singletons

protect_singletons()
