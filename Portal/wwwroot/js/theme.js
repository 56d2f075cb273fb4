// Remembers the light/dark choice in a cookie, so the server renders the next page in it (no flash of the other theme).
window.portalTheme = {
  remember: function (mode) {
    document.cookie = "portal.theme=" + mode + "; path=/; max-age=31536000; samesite=lax";
  }
};

// The account menu's "Sign out" submits the (hidden) sign-out form, which carries the antiforgery token.
window.portalAccount = {
  signOut: function () {
    document.getElementById("sign-out-form").requestSubmit();
  }
};

// "Skip to content" moves focus to the page's main landmark. Handled here (before Blazor's link handling)
// because the page's <base href="/"> would make "#main-content" a link to the home page.
document.addEventListener("click", function (event) {
  const link = event.target instanceof Element ? event.target.closest("a.skip-link") : null;
  if (!link) return;
  const main = document.getElementById("main-content");
  if (!main) return;
  event.preventDefault();
  event.stopPropagation();
  main.focus();
  main.scrollIntoView();
}, true);
