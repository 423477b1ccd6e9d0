"""The softphone engine on pjsua2; the only package that imports pjsua2."""
