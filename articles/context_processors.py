from articles.selectors import menu_categories, menu_countries


def menus(request):
    return {
        "menu_categories": menu_categories,  # called lazily, only by templates that show it
        "menu_countries": menu_countries,  # the same cached menu: no query of its own
    }
