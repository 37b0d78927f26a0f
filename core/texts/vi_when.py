"""Texts of the free-text date and time understanding (core/calendar/when.py): the questions asked back."""

WHEN: dict[str, str] = {
    "when.no_when": "Tôi chưa thấy ngày giờ trong tin nhắn. Đồng chí gõ việc kèm ngày giờ, ví dụ:\n• mai 8h họp chi bộ\n• thứ 6 14h30 tiếp dân",
    "when.no_title": "Tôi hiểu thời gian là {when}, nhưng chưa rõ việc gì. Đồng chí gõ lại kèm tên việc, ví dụ: {typed} họp tổ.",
    "when.ambiguous_hour": "«{typed}» là {morning} sáng hay {afternoon} chiều? Đồng chí gõ lại, ví dụ: {example}.",
    "when.invalid_date": "Ngày «{typed}» không có trên lịch. Đồng chí xem lại ngày và tháng rồi gõ lại, ví dụ: 30/4 8h tiếp dân.",
    "when.invalid_time": "Giờ «{typed}» chưa đúng. Đồng chí gõ giờ từ 0h đến 23h59, ví dụ: 7h30 sáng hoặc 14:00.",
    "when.past": "Thời điểm {when} đã qua rồi. Đồng chí gõ ngày giờ sắp tới, ví dụ: mai 8h họp tổ. Nếu là năm sau, gõ cả năm, ví dụ: 5/1/2027.",
    "when.which_day": "«{typed}» là ngày nào? Đồng chí gõ rõ thứ hoặc ngày, ví dụ: thứ 6 tuần sau 14h họp chi bộ, hoặc ngày 15 hằng tháng 8h nộp đảng phí.",
    "when.which_time": "«{typed}» lúc mấy giờ? Đồng chí gõ thêm giờ, ví dụ: sáng mai 8h họp tổ. Việc cả ngày thì chỉ gõ ngày, ví dụ: mai họp tổ.",
    "when.conflict": "Tin nhắn có cả «{first}» và «{second}», tôi chưa rõ là lúc nào. Đồng chí gõ lại chỉ một ngày và một giờ, ví dụ: thứ 6 14h họp chi bộ.",
    "when.midnight": "«{typed}» là 00:00 đầu ngày {day} hay 00:00 rạng sáng {next_day}? Đồng chí gõ lại giờ 0h kèm ngày, ví dụ: 0h {next_day} trực cơ quan.",
    "when.yearly": "Lịch riêng chỉ lặp hằng ngày, hằng tuần hoặc hằng tháng. Đồng chí ghi ngày của năm nay, ví dụ: 3/2 8h dâng hương.",
    "when.today_or_next": "«{typed}» là hôm nay ({today}) hay {next}? Đồng chí gõ lại cho rõ, ví dụ: hôm nay 15h họp, hoặc {typed} tuần sau 15h họp.",
    "when.next_year": "Thời điểm {when} đã qua rồi. Có phải là {next} (năm sau)? Đồng chí chọn bên dưới, hoặc gõ lại ngày giờ khác, ví dụ: 5/1/2027 8h họp tổ.",
    "when.day.today": "hôm nay {date}",
    "when.day.yesterday": "hôm qua {date}",
}
