"""eseal: a self-hostable unified electronic-seal platform (统一电子印章管理平台)."""

__version__ = "0.1.0"
