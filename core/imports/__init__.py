"""Member and organisation import from CSV/XLSX files (`sotay import`)."""

from core.imports.problems import ImportFailed, RowError
from core.imports.service import ImportReport, import_files
from core.imports.template import write_templates

__all__ = ["ImportFailed", "ImportReport", "RowError", "import_files", "write_templates"]
