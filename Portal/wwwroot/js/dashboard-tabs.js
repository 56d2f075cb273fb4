// Keyboard use of the dashboards' tab strip (the WAI-ARIA tabs pattern): the strip is one stop in the Tab order (the
// open tab, or the one last focused), arrow keys move between its tabs, Home/End go to the ends, and Enter or Space
// opens the focused tab. MudTabs (9.x) also handles keys on each tab, on the server: its arrow keys move focus a round
// trip after the key. With both, two quick ArrowRight presses focused the next tab and the one after at once, then the
// server's late calls focused them again in that order, pulling focus back one tab for a moment; a key pressed in that
// moment (Space, in a CI run) opened the tab the user had left. So the keys handled here stop at the strip: Blazor
// listens on document and never sees them. MudTabs has no Home/End and keeps only the open tab in the Tab order.

const tabsOf = root => [...root.querySelectorAll('.mud-tabs-tabbar .mud-tab')];

function set(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

// Only attributes that differ are written, so the observer below settles after one pass.
function sync(root) {
  const tabs = tabsOf(root);
  const focused = tabs.indexOf(document.activeElement);
  tabs.forEach((tab, i) => {
    const open = tab.classList.contains('mud-tab-active');
    set(tab, 'role', 'tab');
    set(tab, 'aria-selected', open ? 'true' : 'false');
    set(tab, 'tabindex', (focused >= 0 ? i === focused : open) ? '0' : '-1');
  });
}

export function attach(root) {
  if (!root || root.dataset.keyboardTabs) return;
  root.dataset.keyboardTabs = 'on';
  sync(root);
  new MutationObserver(() => sync(root)).observe(root, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'tabindex', 'aria-selected'],
  });
  root.addEventListener('focusout', () => setTimeout(() => sync(root)));
  root.addEventListener('keydown', event => {
    const tabs = tabsOf(root);
    const at = tabs.indexOf(event.target);
    if (at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    let next;
    switch (event.key) {
      case 'ArrowRight': case 'ArrowDown': next = (at + 1) % tabs.length; break;
      case 'ArrowLeft': case 'ArrowUp': next = (at - 1 + tabs.length) % tabs.length; break;
      case 'Home': next = 0; break;
      case 'End': next = tabs.length - 1; break;
      case 'Enter': case ' ':
        event.preventDefault();
        event.stopPropagation();
        tabs[at].click();
        return;
      default: return;
    }
    event.preventDefault();
    event.stopPropagation();
    tabs.forEach((tab, i) => set(tab, 'tabindex', i === next ? '0' : '-1'));
    tabs[next].focus();
  });
}
