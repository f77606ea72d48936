import re
from django.urls import reverse
from html import unescape

def strip(html):
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " | ", html)))

def test_scan(admin_client, fiche):
    urls = [reverse("wagtailadmin_home"), reverse("wagtailsnippets_fiches_buyer:list"),
            reverse("wagtailsnippets_fiches_buyer:add"),
            reverse("wagtailsnippets_fiches_buyer:edit", args=[fiche.buyer_links.first().actor_id]),
            reverse("wagtailsnippetchoosers_fiches_buyer:choose"), reverse("wagtailsnippets_fiches_cpvcode:list"),
            reverse("wagtailsnippets:index"), reverse("wagtailadmin_pages:edit", args=[fiche.pk])]
    for url in urls:
        r = admin_client.get(url)
        text = r.json()["html"] if r["content-type"].startswith("application/json") else r.content.decode()
        t = strip(text)
        for w in ["fragment", "Fragment", "Status", "Région", "Français", "un(e)", "None", "Locale"]:
            for m in re.finditer(w, t):
                print(url, "::", t[max(0, m.start()-80): m.end()+60])
