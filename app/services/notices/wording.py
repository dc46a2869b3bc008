"""The Vietnamese wording of notices: titles for the bell, subjects and bodies (text and HTML) of e-mails."""
from __future__ import annotations

from datetime import date
from html import escape

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.models import Petition

KIND_LABELS = {
    "due_soon": _l("Sắp đến hạn trả lời"),
    "due_today": _l("Đến hạn trả lời hôm nay"),
    "overdue": _l("Quá hạn trả lời"),
    "very_overdue": _l("Quá hạn nghiêm trọng"),
    "roadmap_due": _l("Đến ngày hoàn thành theo lộ trình"),
    "weekly_digest": _l("Bản tin tuần"),
    "transferred": _l("Kiến nghị mới được chuyển đến"),
    "answer_submitted": _l("Cơ quan đã gửi văn bản trả lời"),
    "reanswer_requested": _l("Yêu cầu trả lời lại"),
    "returned": _l("Cơ quan trả lại: không đúng thẩm quyền"),
    "draft_sent_back": _l("Dự thảo bị lãnh đạo trả lại"),
    "return_proposed": _l("Chuyên viên đề xuất trả lại kiến nghị"),
    "roadmap_accepted": _l("Chấp nhận trả lời, theo dõi theo lộ trình"),
    "closed": _l("Kiến nghị đã kết thúc"),
    "answer_drafted": _l("Dự thảo trả lời chờ lãnh đạo duyệt"),
    "awaiting_transfer": _l("Văn phòng trình kiến nghị chờ duyệt chuyển"),
    "sent_back_to_office": _l("Thường trực trả lại Văn phòng"),
    "withdrawn": _l("Kiến nghị đã được rút"),
}
# E-mails are written in Vietnamese whatever the recipient's UI language: they are official notices (and the job
# process that writes the digest has no request to take a language from).
HANDOVER_LABELS_VI = {
    "transferred": "Kiến nghị mới được chuyển đến",
    "answer_submitted": "Cơ quan đã gửi văn bản trả lời",
    "reanswer_requested": "Yêu cầu trả lời lại",
    "returned": "Cơ quan trả lại: không đúng thẩm quyền",
    "draft_sent_back": "Dự thảo bị lãnh đạo trả lại",
    "return_proposed": "Chuyên viên đề xuất trả lại kiến nghị",
    "roadmap_accepted": "Chấp nhận trả lời, theo dõi theo lộ trình",
    "closed": "Kiến nghị đã kết thúc",
    "answer_drafted": "Dự thảo trả lời chờ lãnh đạo duyệt",
    "awaiting_transfer": "Văn phòng trình kiến nghị chờ duyệt chuyển",
    "sent_back_to_office": "Thường trực trả lại Văn phòng",
    "withdrawn": "Kiến nghị đã được rút",
}
_SUBJECTS = {
    "due_soon": "[Sắp đến hạn] Kiến nghị {code}: hạn trả lời ngày {ref}",
    "due_today": "[Đến hạn hôm nay] Kiến nghị {code}: hạn trả lời ngày {ref}",
    "overdue": "[Quá hạn] Kiến nghị {code}: đã quá hạn trả lời ngày {ref}",
    "very_overdue": "[Quá hạn nghiêm trọng] Kiến nghị {code}: quá mốc {ref}",
    "roadmap_due": "[Đến hạn lộ trình] Kiến nghị {code}: ngày hoàn thành dự kiến {ref}",
    "transferred": "[Kiến nghị mới] {code} được chuyển đến cơ quan ngày {ref}",
    "answer_submitted": "[Đã trả lời] Kiến nghị {code}: cơ quan gửi văn bản trả lời ngày {ref}",
    "reanswer_requested": "[Yêu cầu trả lời lại] Kiến nghị {code}",
    "returned": "[Trả lại] Kiến nghị {code}: cơ quan trả lại, không đúng thẩm quyền",
    "draft_sent_back": "[Trả lại dự thảo] Kiến nghị {code}",
    "return_proposed": "[Đề xuất trả lại] Kiến nghị {code}: chờ lãnh đạo duyệt",
    "roadmap_accepted": "[Theo lộ trình] Kiến nghị {code}: trả lời được chấp nhận theo lộ trình",
    "closed": "[Kết thúc] Kiến nghị {code} đã kết thúc",
    "answer_drafted": "[Dự thảo chờ duyệt] Kiến nghị {code}",
    "awaiting_transfer": "[Chờ duyệt chuyển] Kiến nghị {code}",
    "sent_back_to_office": "[Trả lại Văn phòng] Kiến nghị {code}",
    "withdrawn": "[Đã rút] Kiến nghị {code}",
}
_LEADS = {
    "due_soon": "Kiến nghị cử tri dưới đây sắp đến hạn trả lời ({ref}). Đề nghị cơ quan khẩn trương hoàn thành "
                "văn bản trả lời.",
    "due_today": "Hôm nay ({ref}) là hạn trả lời kiến nghị cử tri dưới đây.",
    "overdue": "Kiến nghị cử tri dưới đây đã quá hạn trả lời (hạn {ref}). Đề nghị lãnh đạo cơ quan chỉ đạo "
               "trả lời ngay.",
    "very_overdue": "Kiến nghị cử tri dưới đây đã quá mốc quá hạn nghiêm trọng ({ref}) và được báo cáo "
                    "Thường trực HĐND.",
    "roadmap_due": "Đã đến ngày hoàn thành dự kiến theo lộ trình ({ref}) nhưng kiến nghị chưa được xác nhận "
                   "hoàn thành. Đề nghị cơ quan báo cáo kết quả.",
    "transferred": "Thường trực HĐND đã chuyển kiến nghị cử tri dưới đây đến cơ quan ({ref}). Đề nghị cơ quan "
                   "nghiên cứu, trả lời đúng hạn.",
    "answer_submitted": "Cơ quan giải quyết đã gửi văn bản trả lời kiến nghị cử tri dưới đây ({ref}), chờ đánh giá.",
    "reanswer_requested": "Thường trực HĐND yêu cầu cơ quan trả lời lại kiến nghị cử tri dưới đây ({ref}).",
    "returned": "Cơ quan giải quyết đã trả lại kiến nghị cử tri dưới đây vì không đúng thẩm quyền ({ref}). "
                "Đề nghị Văn phòng phân loại lại.",
    "draft_sent_back": "Lãnh đạo cơ quan đã trả lại dự thảo của bạn về kiến nghị cử tri dưới đây ({ref}).",
    "return_proposed": "Chuyên viên đề xuất trả lại kiến nghị cử tri dưới đây vì không đúng thẩm quyền ({ref}); "
                       "đề nghị lãnh đạo cơ quan duyệt.",
    "roadmap_accepted": "Thường trực HĐND chấp nhận trả lời và theo dõi kiến nghị dưới đây theo lộ trình ({ref}). "
                        "Đề nghị cơ quan báo cáo tiến độ.",
    "closed": "Kiến nghị cử tri dưới đây đã kết thúc ({ref}).",
    "answer_drafted": "Chuyên viên đã dự thảo trả lời kiến nghị cử tri dưới đây ({ref}); đề nghị lãnh đạo cơ quan "
                    "duyệt và gửi, hoặc trả lại chuyên viên.",
    "awaiting_transfer": "Văn phòng đã trình kiến nghị cử tri dưới đây ({ref}); đề nghị Thường trực HĐND duyệt "
                           "chuyển cơ quan giải quyết.",
    "sent_back_to_office": "Thường trực HĐND đã trả lại Văn phòng kiến nghị cử tri dưới đây ({ref}); đề nghị Văn phòng xem "
                 "lý do và xử lý.",
    "withdrawn": "Kiến nghị cử tri dưới đây đã được rút ({ref}); cơ quan không cần tiếp tục giải quyết.",
}


def fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def petition_url(petition_id: int) -> str:
    config = current_app.config
    return config["PUBLIC_BASE_URL"].rstrip("/") + config["PETITION_URL_PATH"].format(id=petition_id)


def title(kind: str, petition: Petition | None, ref: date) -> str:
    """One line for the bell and the notifications page (in the UI language)."""
    label = str(KIND_LABELS.get(kind, kind))
    if petition is None:
        return f"{label} {fmt(ref)}"
    return f"{label}: {petition.code} ({fmt(ref)})"


def _footer_text() -> str:
    name = current_app.config["COUNCIL_NAME"]
    return (f"\n--\nThư tự động từ hệ thống theo dõi kiến nghị cử tri, {name}.\n"
            "Không trả lời thư này. Tắt nhận thư: trang Thông báo trong hệ thống.")


def petition_notice(kind: str, ref: date, petition: Petition, recipient_name: str) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the e-mail for one petition notice."""
    subject = _SUBJECTS[kind].format(code=petition.code, ref=fmt(ref))
    lead = _LEADS[kind].format(ref=fmt(ref))
    url = petition_url(petition.id)
    facts = [
        ("Mã kiến nghị", petition.code),
        ("Tóm tắt", petition.summary or petition.content[:200]),
        ("Hạn trả lời", fmt(petition.due_date)),
        ("Xem chi tiết", url),
    ]
    text = f"Kính gửi {recipient_name},\n\n{lead}\n\n" + "\n".join(f"{k}: {v}" for k, v in facts) + _footer_text()
    rows = "".join(f"<tr><th align='left'>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in facts[:-1])
    html = (f"<p>Kính gửi {escape(recipient_name)},</p><p>{escape(lead)}</p><table>{rows}</table>"
            f"<p><a href=\"{escape(url)}\">Xem kiến nghị {escape(petition.code)}</a></p>"
            f"<p style='color:#666'>{escape(_footer_text()).replace(chr(10), '<br>')}</p>")
    return subject, text, html
