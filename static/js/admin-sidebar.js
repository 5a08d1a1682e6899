"use strict";
// The admin's side menu starts closed on a tablet (under 1024 px): open, its 275 px left the
// article list too narrow, and the page scrolled sideways (a newsroom's trial at 768 px).
// Django's nav_sidebar.js, deferred, reads its stored choice after this script (not deferred)
// has run. Where nobody chose, this script writes « closed » for a narrow window and marks it
// as its own default: a wider window later gets Django's default again (open). A click on
// « « » is the person's choice: the mark goes, and Django keeps what they chose.
(function () {
    const key = "django.admin.navSidebarIsOpen";
    const ours = "portail.navSidebarDefaulted";
    try {
        if (localStorage.getItem(ours) === "1") {
            localStorage.removeItem(key);
            localStorage.removeItem(ours);
        }
        if (localStorage.getItem(key) === null && window.innerWidth < 1024) {
            localStorage.setItem(key, "false");
            localStorage.setItem(ours, "1");
        }
        document.addEventListener("click", function (event) {
            if (event.target.closest && event.target.closest("#toggle-nav-sidebar")) {
                localStorage.removeItem(ours);
            }
        });
    } catch (error) {
        // Storage refused (private mode, a policy): Django's default, the menu open.
    }
})();
