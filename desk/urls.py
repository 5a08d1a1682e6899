"""The desk's addresses, next to the article form's own (`…/<id>/change/autosave/`,
`…/add/autosave/`), so the form's script finds them relative to the page, whatever the admin's
address or language prefix. Added by the desk's article admin (desk/admin.py)."""

from functools import partial, update_wrapper

from django.urls import path

from desk import views


def article_form_urls(model_admin) -> list:
    def view(function, **fixed):
        bound = update_wrapper(partial(function, model_admin=model_admin, **fixed), function)
        return model_admin.admin_site.admin_view(bound)

    return [
        path("add/autosave/", view(views.autosave), name="articles_article_autosave_new"),
        path("add/apercu/", view(views.preview), name="articles_article_preview_new"),
        path(
            "<path:object_id>/change/autosave/",
            view(views.autosave),
            name="articles_article_autosave",
        ),
        path(
            "<path:object_id>/change/apercu/", view(views.preview), name="articles_article_preview"
        ),
    ]
