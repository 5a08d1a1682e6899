"use strict";
// The admin's side menu starts closed on a tablet (under 1024 px): open, its 275 px left the
// article list too narrow, and the page scrolled sideways (a newsroom's trial at 768 px).
// Django's nav_sidebar.js, deferred, reads this choice after this script (not deferred) has
// written it; a person's own choice (the « « » button) is stored there too and never overridden.
(function () {
    const key = "django.admin.navSidebarIsOpen";
    try {
        if (localStorage.getItem(key) === null && window.innerWidth < 1024) {
            localStorage.setItem(key, "false");
        }
    } catch (error) {
        // Storage refused (private mode, a policy): Django's default, the menu open.
    }
})();
