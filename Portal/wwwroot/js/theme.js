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

// A table that scrolls sideways (on a phone) must be reachable from the keyboard to scroll it: such table
// containers become focusable regions; they stop being tab stops when the table fits again.
(function () {
  let pending = false;
  function mark() {
    pending = false;
    document.querySelectorAll(".mud-table-container").forEach(function (container) {
      const scrolls = container.scrollWidth > container.clientWidth + 1;
      if (scrolls && container.dataset.scrollRegion !== "on") {
        container.dataset.scrollRegion = "on";
        container.tabIndex = 0;
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", "Table (scrolls sideways)");
      } else if (!scrolls && container.dataset.scrollRegion === "on") {
        container.dataset.scrollRegion = "off";
        container.removeAttribute("tabindex");
        container.removeAttribute("role");
        container.removeAttribute("aria-label");
      }
    });
  }
  function schedule() {
    if (!pending) { pending = true; requestAnimationFrame(mark); }
  }
  new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("resize", schedule);
  schedule();
})();
