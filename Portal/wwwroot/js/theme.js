// Remembers the light/dark choice in a cookie, so the server renders the next page in it (no flash of the other theme).
window.portalTheme = {
  remember: function (mode) {
    document.cookie = "portal.theme=" + mode + "; path=/; max-age=31536000; samesite=lax";
  }
};
