"""Seal applications (申领印章) and certificate applications (数字证书申请): models, services, views."""

from eseal.platform.seals.applications.models import SealApplication, SealApplicationAuth, SealApplicationMaterial

__all__ = ["SealApplication", "SealApplicationAuth", "SealApplicationMaterial"]
