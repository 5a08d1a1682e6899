"""The newsroom as a schema.org NewsMediaOrganization with the publisher's details, on the pages
of this app (À propos, Rédaction, Mentions légales, Contact). The home page keeps the short
version of articles/seo.py: reading the publisher there would cost its page a query."""

from django.urls import reverse

from articles.seo import organization_data
from pages.models import Publisher
from sitewide.models import SiteSettings

PRINCIPLES_PAGE = "redaction"  # the newsroom, its charter and its director


def organization(absolute) -> dict:
    return {"@context": "https://schema.org", **organization_data(absolute), **details(absolute)}


def details(absolute) -> dict:
    """legalName, address, contact point, social accounts (sameAs) and publishing principles:
    only what the Éditeurs filled in."""
    publisher = Publisher.load()
    data: dict = {}
    if publisher.legal_name:
        data["legalName"] = publisher.legal_name
    if publisher.founded:
        data["foundingDate"] = str(publisher.founded)
    if publisher.address or publisher.country_code:
        address = {"@type": "PostalAddress"}
        if publisher.address:
            address["streetAddress"] = " ".join(publisher.address.split())
        if publisher.country_code:
            address["addressCountry"] = publisher.country_code.upper()
        data["address"] = address
    contact = {"@type": "ContactPoint", "contactType": "newsroom"}
    if publisher.phone:
        contact["telephone"] = publisher.phone
    if publisher.email:
        contact["email"] = publisher.email
    contact["url"] = absolute(reverse("pages:contact"))
    data["contactPoint"] = [contact]
    if same_as := [url for _network, url in SiteSettings.load().social_links()]:
        data["sameAs"] = same_as
    data["publishingPrinciples"] = absolute(reverse("pages:page", args=[PRINCIPLES_PAGE]))
    return data
