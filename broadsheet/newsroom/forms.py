"""The desk's forms: an article's fields and body blocks, an edition's state, an upload.

The forms only turn what the browser posts into the arguments of ``newsroom.services``;
the one validator (the same as ingest's) runs there, and its errors come back onto these
forms' fields.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

BLOCK_TYPES = ("paragraph", "subheading", "image")
BLOCK_FIELDS = ("block_type", "block_text", "block_src", "block_caption", "block_alt")
DEFAULT_ZONE = "Asia/Shanghai"
ZONES = [
    ("Asia/Shanghai", _("北京时间（Asia/Shanghai）")),
    ("Asia/Hong_Kong", _("香港时间（Asia/Hong_Kong）")),
    ("Asia/Taipei", _("台北时间（Asia/Taipei）")),
    ("UTC", _("协调世界时（UTC）")),
]
UPLOAD_FORMATS = [
    ("auto", _("自动识别")),
    ("bundle", _("报纸数据包（.zip，含 edition.json）")),
    ("pdf-pages", _("版面PDF（多个PDF打成的 .zip，文件名如 01-要闻.pdf）")),
    ("edition-pdf", _("整期PDF（一个PDF，每页一版）")),
]


class ArticleForm(forms.Form):
    """The article's own fields; the body comes as blocks (``blocks_from``)."""

    kicker = forms.CharField(label=_("引题"), required=False, max_length=300)
    headline = forms.CharField(label=_("主标题"), required=False, max_length=300)
    subheadline = forms.CharField(label=_("副标题"), required=False, max_length=300)
    byline = forms.CharField(label=_("作者"), required=False, max_length=300)
    correction_note = forms.CharField(
        label=_("更正说明（可选，公开显示在文章下方）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def blocks_from(post) -> list[dict]:
    """The body blocks in the order the form posted them (parallel lists, one per field).

    A block whose every field is empty (an added block never filled in) is left out;
    text is kept as typed, so saving an untouched article changes nothing in its body.
    """
    columns = [post.getlist(name) for name in BLOCK_FIELDS]
    blocks = []
    for kind, text, src, caption, alt in zip(*columns, strict=False):
        if kind == "image":
            given = {"src": src.strip(), "caption": caption.strip(), "alt": alt.strip()}
            if any(given.values()):
                blocks.append({"type": kind, **{k: v for k, v in given.items() if v or k == "src"}})
        elif text.strip():
            blocks.append({"type": kind, "text": _as_typed(text)})
    return blocks


def _as_typed(text: str) -> str:
    """The text as the editor left it: the 　　 indent of a paragraph stays; only the line
    breaks browsers post as CRLF become the LF the body stores."""
    return text.replace("\r\n", "\n")


class StateForm(forms.Form):
    """Publish now, schedule at a local date and time, withdraw, or back to draft."""

    state = forms.ChoiceField(
        label=_("新状态"),
        choices=[
            ("published", _("立即发布")),
            ("scheduled", _("定时发布")),
            ("withdrawn", _("撤回")),
            ("draft", _("退回草稿")),
        ],
    )
    publish_at = forms.DateTimeField(
        label=_("发布时间"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
        ),
    )
    zone = forms.ChoiceField(label=_("时区"), choices=ZONES, initial=DEFAULT_ZONE, required=False)

    @staticmethod
    def initial_for(edition) -> dict:
        initial = {"state": "scheduled" if edition.status == "draft" else edition.status}
        initial["zone"] = DEFAULT_ZONE
        if edition.publish_at:
            local = edition.publish_at.astimezone(zoneinfo.ZoneInfo(DEFAULT_ZONE))
            initial["publish_at"] = local.replace(tzinfo=None)
        return initial

    def clean(self):
        data = super().clean() or {}
        if data.get("state") == "scheduled" and not data.get("publish_at"):
            self.add_error("publish_at", _("定时发布需要填写发布时间"))
        return data

    def chosen_time(self) -> dt.datetime | None:
        """The chosen time in the chosen zone (the browser sends a wall-clock time)."""
        when = self.cleaned_data.get("publish_at")
        if when is None or self.cleaned_data["state"] != "scheduled":
            return None
        zone = zoneinfo.ZoneInfo(self.cleaned_data.get("zone") or DEFAULT_ZONE)
        return when.replace(tzinfo=None).replace(tzinfo=zone)


class UploadForm(forms.Form):
    upload = forms.FileField(
        label=_("文件"),
        help_text=_(
            "报纸数据包 .zip、版面PDF打成的 .zip，或一个整期PDF；"
            "版面PDF和整期PDF的文件名要含出版日期，如 2024-03-05.zip"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.pdf"}),
    )
    fmt = forms.ChoiceField(label=_("格式"), choices=UPLOAD_FORMATS, initial="auto")
    publish = forms.BooleanField(label=_("导入后立即发布"), required=False)
