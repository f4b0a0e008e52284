// After a page is chosen where the sidebar covers the page (a phone, a narrow window), close the sidebar so that
// the chosen page is seen. Streamlit does this only for browsers that call themselves mobile (not a tablet or a
// narrow window); 768 px is where its sidebar starts to lie over the page.
if (!window.dalarnaHubeiSidebar) {
  window.dalarnaHubeiSidebar = true;
  document.addEventListener("click", (event) => {
    if (!event.target.closest('[data-testid="stSidebarNavLink"]') || window.innerWidth >= 768) return;
    setTimeout(() => document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click(), 0);
  }, true);
}
