"""The published guide draws its process from the published steps, in their order, on the web,
print and kiosk pages alike."""

from backend.catalog.models import ProcessStep
from tests import factories


def test_the_published_guide_draws_the_published_steps_in_order(client, dept, staff, relay):
    item = factories.item(dept, steps=["accept", "check", "expert_review", "decide"])
    # Reordered and published after creation: the diagram follows the positions, not the rows' ids.
    ProcessStep.objects.filter(item=item, step="check").update(position=2)
    ProcessStep.objects.filter(item=item, step="expert_review").update(position=1)
    factories.publish(item)
    relay()
    for suffix in ("", "print/", "kiosk/"):
        html = client.get(f"/public/guides/{item.code}/{suffix}").content.decode()
        figure = html.split('<figure class="flow"', 1)[1].split("</figure>", 1)[0]
        assert figure.index("专家评审") < figure.index("审核") < figure.index("决定"), suffix
        assert '<span class="flow-tag">不计入法定时限</span>' in figure
