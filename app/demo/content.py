"""Vietnamese demo content for HĐND Thành phố Hà Nội (khóa XVII), used by seed-demo and the load-data generator."""

from __future__ import annotations

# Optional keys, in addition to the documented shapes:
#   MEETINGS: "topic" (thematic meetings).
#   RECOMMENDATIONS: "kind" ("recommendation" when absent, else "opinion" / "complaint" /
#   "denunciation"), "duplicate_of" (index of the first item of a near-duplicate pair),
#   "answered_at_meeting" with "meeting_answer" (the explanation given on the spot),
#   "delegate" (channel "delegate": who forwarded it). Items whose channel is not "meeting"
#   have "meeting": None and carry "session" and "received" (ISO date) instead.

COUNCIL_NAME = "HĐND THÀNH PHỐ HÀ NỘI"

TERM = {"name": "Nhiệm kỳ 2026 - 2031", "number": "XVII", "start_year": 2026, "end_year": 2031}

SESSIONS = [
    {"number": 1, "name": "Kỳ họp thứ nhất", "opening": "2026-06-25", "closing": "2026-06-27"},
    {"number": 2, "name": "Kỳ họp thứ hai", "opening": "2026-12-08", "closing": "2026-12-11"},
]

COMMITTEES = [
    ("KTNS", "Ban Kinh tế - Ngân sách"),
    ("VHXH", "Ban Văn hóa - Xã hội"),
    ("PC", "Ban Pháp chế"),
    ("DT", "Ban Đô thị"),
    ("DTOC", "Ban Dân tộc"),
]

FIELDS = [
    ("DD", "Đất đai", "KTNS"),
    ("MT", "Tài nguyên và môi trường", "DT"),
    ("XD", "Xây dựng, quy hoạch và trật tự đô thị", "DT"),
    ("GT", "Giao thông vận tải", "DT"),
    ("CTN", "Cấp nước, thoát nước", "DT"),
    ("DL", "Điện lực", "KTNS"),
    ("NN", "Nông nghiệp, thủy lợi và đê điều", "KTNS"),
    ("TCNS", "Tài chính, ngân sách và tài sản công", "KTNS"),
    ("CT", "Công thương, thị trường và giá cả", "KTNS"),
    ("GD", "Giáo dục và đào tạo", "VHXH"),
    ("YT", "Y tế và bảo hiểm y tế", "VHXH"),
    ("LDXH", "Lao động, người có công và xã hội", "VHXH"),
    ("VH", "Văn hóa, thể thao và du lịch", "VHXH"),
    ("NV", "Nội vụ, tổ chức bộ máy và chính quyền cơ sở", "PC"),
    ("ANTT", "An ninh, trật tự và phòng cháy, chữa cháy", "PC"),
    ("CCHC", "Tư pháp và cải cách hành chính", "PC"),
    ("DTTG", "Dân tộc và tôn giáo", "DTOC"),
]

AGENCIES = [
    # Province level
    ("UBND-TP", "UBND Thành phố Hà Nội", "province", None, "ubnd@hanoi.example.vn"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "province", "UBND-TP", "snnmt@hanoi.example.vn"),
    ("SXD", "Sở Xây dựng", "province", "UBND-TP", "sxd@hanoi.example.vn"),
    ("SQHKT", "Sở Quy hoạch - Kiến trúc", "province", "UBND-TP", "sqhkt@hanoi.example.vn"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "province", "UBND-TP", "sgddt@hanoi.example.vn"),
    ("SYT", "Sở Y tế", "province", "UBND-TP", "syt@hanoi.example.vn"),
    ("SNV", "Sở Nội vụ", "province", "UBND-TP", "snv@hanoi.example.vn"),
    ("STC", "Sở Tài chính", "province", "UBND-TP", "stc@hanoi.example.vn"),
    ("SCT", "Sở Công Thương", "province", "UBND-TP", "sct@hanoi.example.vn"),
    ("SVHTT", "Sở Văn hóa và Thể thao", "province", "UBND-TP", "svhtt@hanoi.example.vn"),
    ("STP", "Sở Tư pháp", "province", "UBND-TP", "stp@hanoi.example.vn"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "province", "UBND-TP", "sdttg@hanoi.example.vn"),
    ("CATP", "Công an Thành phố", "province", "UBND-TP", "congan@hanoi.example.vn"),
    ("EVNHN", "Tổng công ty Điện lực TP Hà Nội", "province", "UBND-TP", "evnhanoi@hanoi.example.vn"),
    ("TNHN", "Công ty TNHH MTV Thoát nước Hà Nội", "province", "UBND-TP", "thoatnuoc@hanoi.example.vn"),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công Thành phố", "province", "UBND-TP",
     "phucvuhcc@hanoi.example.vn"),
    ("BHXH", "Bảo hiểm xã hội Thành phố Hà Nội", "province", None, "bhxh@hanoi.example.vn"),
    # Commune level (xã, phường)
    ("UBND-VMQTG", "UBND phường Văn Miếu - Quốc Tử Giám", "commune", "UBND-TP", "vanmieu@hanoi.example.vn"),
    ("UBND-CG", "UBND phường Cầu Giấy", "commune", "UBND-TP", "caugiay@hanoi.example.vn"),
    ("UBND-HK", "UBND phường Hoàn Kiếm", "commune", "UBND-TP", "hoankiem@hanoi.example.vn"),
    ("UBND-LB", "UBND phường Long Biên", "commune", "UBND-TP", "longbien@hanoi.example.vn"),
    ("UBND-HD", "UBND phường Hà Đông", "commune", "UBND-TP", "hadong@hanoi.example.vn"),
    ("UBND-GL", "UBND xã Gia Lâm", "commune", "UBND-TP", "gialam@hanoi.example.vn"),
    ("UBND-TT", "UBND xã Thường Tín", "commune", "UBND-TP", "thuongtin@hanoi.example.vn"),
    ("UBND-SS", "UBND xã Sóc Sơn", "commune", "UBND-TP", "socson@hanoi.example.vn"),
    # Central level (forwarded to the National Assembly delegation)
    ("BNV", "Bộ Nội vụ", "central", None, "vanthu@bnv.example.gov.vn"),
    ("BTC", "Bộ Tài chính", "central", None, "vanthu@btc.example.gov.vn"),
    ("BYT", "Bộ Y tế", "central", None, "vanthu@byt.example.gov.vn"),
]

CONSTITUENCIES = [
    ("DV01", "Đơn vị bầu cử số 1", ["phường Văn Miếu - Quốc Tử Giám", "phường Cầu Giấy"]),
    ("DV02", "Đơn vị bầu cử số 2", ["phường Hoàn Kiếm", "phường Long Biên"]),
    ("DV04", "Đơn vị bầu cử số 4", ["phường Hà Đông", "phường Kiến Hưng"]),
    ("DV07", "Đơn vị bầu cử số 7", ["xã Gia Lâm", "xã Bát Tràng"]),
    ("DV09", "Đơn vị bầu cử số 9", ["xã Thường Tín", "xã Thượng Phúc"]),
    ("DV11", "Đơn vị bầu cử số 11", ["xã Sóc Sơn", "xã Kim Anh"]),
]

DELEGATE_GROUPS = [
    ("TO01", "Tổ đại biểu số 1", "DV01"),
    ("TO02", "Tổ đại biểu số 2", "DV02"),
    ("TO04", "Tổ đại biểu số 4", "DV04"),
    ("TO07", "Tổ đại biểu số 7", "DV07"),
    ("TO09", "Tổ đại biểu số 9", "DV09"),
    ("TO11", "Tổ đại biểu số 11", "DV11"),
]

DELEGATES = [
    ("Nguyễn Văn An", "Phó Chủ tịch HĐND Thành phố", "TO01"),
    ("Lê Thị Thu Hà", "Phó Trưởng Ban Văn hóa - Xã hội HĐND Thành phố", "TO01"),
    ("Trần Quang Minh", "Trưởng Ban Đô thị HĐND Thành phố", "TO02"),
    ("Phạm Thị Lan Anh", "Phó Giám đốc Sở Giáo dục và Đào tạo", "TO02"),
    ("Hoàng Đức Thắng", "Trưởng Ban Kinh tế - Ngân sách HĐND Thành phố", "TO04"),
    ("Đỗ Thị Minh Ngọc", "Phó Chủ tịch Hội Liên hiệp Phụ nữ Thành phố", "TO04"),
    ("Vũ Mạnh Hùng", "Trưởng Ban Pháp chế HĐND Thành phố", "TO07"),
    ("Ngô Thị Hồng Nhung", "Phó Giám đốc Bệnh viện đa khoa Gia Lâm", "TO07"),
    ("Bùi Văn Tùng", "Phó Trưởng Ban Kinh tế - Ngân sách HĐND Thành phố", "TO09"),
    ("Đinh Thị Thanh Huyền", "Hiệu trưởng Trường THPT Thường Tín", "TO09"),
    ("Đặng Quốc Khánh", "Trưởng Ban Dân tộc HĐND Thành phố", "TO11"),
    ("Nguyễn Thị Mai Phương", "Phó Chủ tịch Hội Nông dân Thành phố", "TO11"),
]

MEETING_TYPES = [
    ("before_session", "Trước kỳ họp"),
    ("after_session", "Sau kỳ họp"),
    ("thematic", "Chuyên đề"),
    ("voter_group", "Theo nhóm cử tri"),
    ("online", "Trực tuyến"),
]

CHANNELS = [
    ("meeting", "Hội nghị tiếp xúc cử tri"),
    ("letter", "Đơn thư"),
    ("hotline", "Đường dây nóng"),
    ("delegate", "Đại biểu chuyển đến"),
    ("online", "Cổng thông tin trực tuyến"),
]

MEETINGS = [
    # Before session 1 (June 2026)
    {"key": "M1", "date": "2026-06-05", "place": "Nhà văn hóa phường Văn Miếu - Quốc Tử Giám",
     "locality": "phường Văn Miếu - Quốc Tử Giám", "constituency": "DV01", "session": 1, "timing": "before",
     "type": "before_session", "delegates": ["Nguyễn Văn An", "Lê Thị Thu Hà"], "voters": 120},
    {"key": "M2", "date": "2026-06-06", "place": "Hội trường UBND xã Gia Lâm",
     "locality": "xã Gia Lâm", "constituency": "DV07", "session": 1, "timing": "before",
     "type": "before_session", "delegates": ["Vũ Mạnh Hùng", "Ngô Thị Hồng Nhung"], "voters": 150},
    {"key": "M3", "date": "2026-06-08", "place": "Nhà văn hóa thôn Đông, xã Thường Tín",
     "locality": "xã Thường Tín", "constituency": "DV09", "session": 1, "timing": "before",
     "type": "before_session", "delegates": ["Bùi Văn Tùng", "Đinh Thị Thanh Huyền"], "voters": 95},
    {"key": "M4", "date": "2026-06-10", "place": "Hội trường UBND phường Hà Đông",
     "locality": "phường Hà Đông", "constituency": "DV04", "session": 1, "timing": "before",
     "type": "before_session", "delegates": ["Hoàng Đức Thắng", "Đỗ Thị Minh Ngọc"], "voters": 180},
    # Before session 2 (November 2026)
    {"key": "M5", "date": "2026-11-10", "place": "Hội trường UBND phường Cầu Giấy",
     "locality": "phường Cầu Giấy", "constituency": "DV01", "session": 2, "timing": "before",
     "type": "before_session", "delegates": ["Nguyễn Văn An", "Lê Thị Thu Hà"], "voters": 140},
    {"key": "M6", "date": "2026-11-12", "place": "Nhà văn hóa tổ dân phố số 7, phường Long Biên",
     "locality": "phường Long Biên", "constituency": "DV02", "session": 2, "timing": "before",
     "type": "thematic", "delegates": ["Trần Quang Minh", "Phạm Thị Lan Anh"], "voters": 85,
     "topic": "Trật tự đô thị và vệ sinh môi trường"},
    {"key": "M7", "date": "2026-11-14", "place": "Hội trường UBND xã Sóc Sơn",
     "locality": "xã Sóc Sơn", "constituency": "DV11", "session": 2, "timing": "before",
     "type": "before_session", "delegates": ["Đặng Quốc Khánh", "Nguyễn Thị Mai Phương"], "voters": 160},
    {"key": "M8", "date": "2026-11-18",
     "place": "Trực tuyến, điểm cầu chính tại Hội trường UBND phường Hoàn Kiếm",
     "locality": "phường Hoàn Kiếm", "constituency": "DV02", "session": 2, "timing": "before",
     "type": "online", "delegates": ["Trần Quang Minh", "Phạm Thị Lan Anh"], "voters": 210},
]

RECOMMENDATIONS = [
    # ---------------------------------------------------------------- M1, phường Văn Miếu - Quốc Tử Giám
    # 0
    {"meeting": "M1", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "MT", "agency": "UBND-VMQTG",
     "coordinating": ["SNNMT"], "channel": "meeting",
     "content": "Đề nghị kiểm tra, nạo vét và quản lý hồ Văn Chương; hiện nay rác thải và bèo tây tích tụ, nước hồ ô nhiễm.",
     "summary": "Nạo vét, xử lý ô nhiễm hồ Văn Chương",
     "voter_name": None, "urgent": False},
    # 1
    {"meeting": "M1", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "CTN", "agency": "TNHN",
     "coordinating": ["UBND-VMQTG"], "channel": "meeting",
     "content": "Đề nghị xử lý tình trạng ngập úng kéo dài tại ngõ 25 phố Văn Chương sau mỗi trận mưa, ảnh hưởng đi lại của hàng trăm hộ dân.",
     "summary": "Xử lý ngập úng ngõ 25 phố Văn Chương",
     "voter_name": None, "urgent": False},
    # 2
    {"meeting": "M1", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "XD", "agency": "UBND-VMQTG",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị kiểm tra, xử lý các công trình xây dựng sai phép trên phố Nguyễn Khuyến, lấn chiếm vỉa hè.",
     "summary": "Xử lý công trình xây dựng sai phép, lấn chiếm vỉa hè phố Nguyễn Khuyến",
     "voter_name": None, "urgent": False},
    # 3
    {"meeting": "M1", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "GD", "agency": "SGDDT",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị kiên quyết xử lý nghiêm các trường ngoài công lập tuyển sinh vượt chỉ tiêu, thu các khoản ngoài quy định.",
     "summary": "Xử lý trường ngoài công lập tuyển sinh vượt chỉ tiêu, thu sai quy định",
     "voter_name": None, "urgent": False},
    # 4
    {"meeting": "M1", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "LDXH", "agency": "BNV",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị nghiên cứu, kiến nghị cơ quan có thẩm quyền cho phép người lao động được lựa chọn thời điểm nghỉ hưu phù hợp với ngành nghề.",
     "summary": "Cho phép người lao động lựa chọn thời điểm nghỉ hưu phù hợp ngành nghề",
     "voter_name": None, "urgent": False},
    # 5
    {"meeting": "M1", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "ANTT", "agency": "CATP",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị công khai danh sách các phương tiện vi phạm bị xử lý qua hệ thống camera giám sát để người dân biết và chấp hành.",
     "summary": "Công khai danh sách phương tiện vi phạm bị phát hiện qua camera giám sát",
     "voter_name": None, "urgent": False},
    # 6
    {"meeting": "M1", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "CCHC", "agency": "TTPVHCC",
     "coordinating": ["UBND-VMQTG"], "channel": "meeting",
     "content": "Đề nghị hướng dẫn người cao tuổi sử dụng dịch vụ công trực tuyến, bố trí cán bộ hỗ trợ tại bộ phận một cửa.",
     "summary": "Hỗ trợ người cao tuổi sử dụng dịch vụ công trực tuyến",
     "voter_name": None, "urgent": False},
    # 7
    {"meeting": "M1", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "MT", "agency": "UBND-VMQTG",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị phường bố trí thêm thùng rác phân loại tại các tuyến phố Tôn Đức Thắng, Quốc Tử Giám; hiện nhiều điểm để rác "
                "tràn ra vỉa hè.",
     "summary": "Bổ sung thùng rác phân loại trên phố Tôn Đức Thắng, Quốc Tử Giám",
     "voter_name": None, "urgent": False, "answered_at_meeting": True,
     "meeting_answer": "Chủ tịch UBND phường tiếp thu, cho biết phường sẽ bổ sung 40 thùng rác phân loại trong tháng 7/2026 "
                       "và điều chỉnh giờ thu gom."},
    # 8
    {"meeting": "M1", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "NV", "agency": "UBND-TP",
     "coordinating": [], "channel": "meeting", "kind": "opinion",
     "content": "Cử tri phấn khởi, đánh giá cao việc sắp xếp tổ chức bộ máy, vận hành chính quyền địa phương hai cấp; "
                "phường mới hoạt động ổn định, thủ tục hành chính thuận lợi hơn trước.",
     "summary": "Cử tri đánh giá cao việc vận hành chính quyền địa phương hai cấp",
     "voter_name": None, "urgent": False},
    # ---------------------------------------------------------------- M2, xã Gia Lâm
    # 9
    {"meeting": "M2", "locality": "xã Gia Lâm", "field": "DD", "agency": "SNNMT",
     "coordinating": ["UBND-GL"], "channel": "meeting",
     "content": "Đề nghị đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân thôn Kiêu Kỵ đã nộp hồ sơ từ năm 2023 "
                "nhưng đến nay chưa được giải quyết.",
     "summary": "Đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho hộ dân thôn Kiêu Kỵ",
     "voter_name": None, "urgent": False},
    # 10
    {"meeting": "M2", "locality": "xã Gia Lâm", "field": "DD", "agency": "UBND-GL",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị công khai phương án bồi thường, hỗ trợ, tái định cư của dự án mở rộng đường Dương Xá; nhiều hộ dân chưa nhận "
                "được thông báo thu hồi đất.",
     "summary": "Công khai phương án bồi thường, tái định cư dự án mở rộng đường Dương Xá",
     "voter_name": None, "urgent": False},
    # 11
    {"meeting": "M2", "locality": "xã Gia Lâm", "field": "GT", "agency": "SXD",
     "coordinating": ["CATP"], "channel": "meeting",
     "content": "Đề nghị lắp đặt đèn tín hiệu giao thông tại nút giao Quốc lộ 5 với đường vào chợ Trâu Quỳ, nơi thường xuyên xảy ra va chạm.",
     "summary": "Lắp đèn tín hiệu tại nút giao Quốc lộ 5 - đường vào chợ Trâu Quỳ",
     "voter_name": None, "urgent": False},
    # 12
    {"meeting": "M2", "locality": "xã Gia Lâm", "field": "GD", "agency": "SGDDT",
     "coordinating": [], "channel": "meeting",
     "content": "Cử tri đề nghị nâng cao chất lượng dạy và học ngoại ngữ tại các trường phổ thông khu vực ngoại thành, bố trí đủ giáo viên "
                "tiếng Anh.",
     "summary": "Bố trí đủ giáo viên, nâng chất lượng dạy ngoại ngữ ở trường ngoại thành",
     "voter_name": None, "urgent": False},
    # 13
    {"meeting": "M2", "locality": "xã Gia Lâm", "field": "YT", "agency": "SYT",
     "coordinating": ["STC"], "channel": "meeting",
     "content": "Đề nghị đầu tư trang thiết bị cho Bệnh viện đa khoa Gia Lâm để giảm tải cho tuyến trên.",
     "summary": "Đầu tư trang thiết bị cho Bệnh viện đa khoa Gia Lâm",
     "voter_name": None, "urgent": False},
    # 14
    {"meeting": "M2", "locality": "xã Gia Lâm", "field": "LDXH", "agency": "SNV",
     "coordinating": ["UBND-GL"], "channel": "meeting",
     "content": "Đề nghị xem xét giải quyết chế độ chính sách cho người có công; hồ sơ đề nghị công nhận thân nhân liệt sĩ của gia đình tôi "
                "đã gửi lên hơn hai năm chưa có kết quả.",
     "summary": "Giải quyết hồ sơ chế độ người có công tồn đọng hơn hai năm",
     "voter_name": "Ông Nguyễn Văn Tám (thôn Kiêu Kỵ, xã Gia Lâm)", "urgent": False},
    # 15
    {"meeting": "M2", "locality": "xã Gia Lâm", "field": "DL", "agency": "EVNHN",
     "coordinating": [], "channel": "meeting",
     "content": "Điện áp chập chờn, mất điện thường xuyên vào mùa hè tại khu dân cư thôn Dương Xá; đề nghị cải tạo lưới điện.",
     "summary": "Cải tạo lưới điện, khắc phục điện áp chập chờn tại thôn Dương Xá",
     "voter_name": None, "urgent": False},
    # 16
    {"meeting": "M2", "locality": "xã Gia Lâm", "field": "NN", "agency": "SNNMT",
     "coordinating": ["SCT"], "channel": "meeting",
     "content": "Đề nghị Thành phố có cơ chế hỗ trợ nông dân chuyển đổi sang trồng rau an toàn, xây dựng chuỗi liên kết tiêu thụ để "
                "người dân yên tâm sản xuất.",
     "summary": "Hỗ trợ chuyển đổi trồng rau an toàn, liên kết chuỗi tiêu thụ",
     "voter_name": None, "urgent": False},
    # 17
    {"meeting": "M2", "locality": "xã Bát Tràng", "field": "LDXH", "agency": "BHXH",
     "coordinating": ["SNV"], "channel": "meeting",
     "content": "Một số doanh nghiệp gốm sứ nợ đóng bảo hiểm xã hội kéo dài, người lao động nghỉ việc không được chốt sổ; đề nghị kiểm tra, "
                "xử lý dứt điểm.",
     "summary": "Xử lý doanh nghiệp nợ đóng bảo hiểm xã hội, chốt sổ cho người lao động",
     "voter_name": None, "urgent": False},
    # 18
    {"meeting": "M2", "locality": "xã Gia Lâm", "field": "DD", "agency": "UBND-GL",
     "coordinating": [], "channel": "meeting", "kind": "complaint",
     "content": "Tôi khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất cho hộ liền kề đã lấn sang khoảng 30 m² đất của gia đình tôi; "
                "đề nghị xã thu hồi, cấp lại cho đúng ranh giới.",
     "summary": "Khiếu nại việc cấp giấy chứng nhận cho hộ liền kề lấn sang đất gia đình",
     "voter_name": "Ông Nguyễn Văn Hòa (thôn Dương Xá, xã Gia Lâm)", "urgent": False},
    # ---------------------------------------------------------------- M3, xã Thường Tín
    # 19
    {"meeting": "M3", "locality": "xã Thường Tín", "field": "MT", "agency": "UBND-TT",
     "coordinating": ["SNNMT"], "channel": "meeting",
     "content": "Cử tri phản ánh bãi tập kết rác tạm tại đầu thôn Đông gây ô nhiễm, mùi hôi, nước rỉ rác chảy ra mương tưới; đề nghị di dời "
                "và thu gom, xử lý dứt điểm.",
     "summary": "Di dời bãi tập kết rác tạm đầu thôn Đông gây ô nhiễm",
     "voter_name": None, "urgent": False},
    # 20
    {"meeting": "M3", "locality": "xã Thường Tín", "field": "MT", "agency": "CATP",
     "coordinating": ["SNNMT", "UBND-TT"], "channel": "meeting",
     "content": "Cử tri đề nghị xử lý tình trạng khai thác cát trái phép trên sông Hồng đoạn qua xã, gây sạt lở bờ bãi canh tác.",
     "summary": "Xử lý khai thác cát trái phép trên sông Hồng gây sạt lở bờ bãi",
     "voter_name": None, "urgent": True},
    # 21
    {"meeting": "M3", "locality": "xã Thường Tín", "field": "GD", "agency": "UBND-TT",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị hỗ trợ kinh phí sửa chữa khu nhà lớp học hai tầng của Trường Mầm non xã đã xuống cấp, thấm dột.",
     "summary": "Sửa chữa nhà lớp học xuống cấp của Trường Mầm non xã Thường Tín",
     "voter_name": None, "urgent": False},
    # 22
    {"meeting": "M3", "locality": "xã Thường Tín", "field": "YT", "agency": "SYT",
     "coordinating": ["BHXH"], "channel": "meeting",
     "content": "Trạm y tế xã thiếu thuốc điều trị bệnh mãn tính cho người có thẻ bảo hiểm y tế; đề nghị bảo đảm cung ứng thuốc.",
     "summary": "Bảo đảm cung ứng thuốc điều trị bệnh mãn tính tại trạm y tế xã",
     "voter_name": None, "urgent": False},
    # 23
    {"meeting": "M3", "locality": "xã Thường Tín", "field": "NV", "agency": "SNV",
     "coordinating": ["UBND-TT"], "channel": "meeting",
     "content": "Sau sắp xếp đơn vị hành chính, đề nghị bố trí, giải quyết chế độ cho cán bộ không chuyên trách cấp xã, thôn dôi dư.",
     "summary": "Giải quyết chế độ cho cán bộ không chuyên trách dôi dư sau sắp xếp",
     "voter_name": None, "urgent": False},
    # 24
    {"meeting": "M3", "locality": "xã Thượng Phúc", "field": "CTN", "agency": "SNNMT",
     "coordinating": ["UBND-TT"], "channel": "meeting",
     "content": "Nhiều thôn chưa có nước sạch, người dân vẫn dùng nước giếng khoan nhiễm asen; đề nghị sớm đầu tư mạng lưới cấp nước sạch.",
     "summary": "Đầu tư mạng lưới cấp nước sạch cho các thôn dùng nước giếng nhiễm asen",
     "voter_name": None, "urgent": False},
    # 25
    {"meeting": "M3", "locality": "xã Thường Tín", "field": "NN", "agency": "SNNMT",
     "coordinating": ["UBND-TT"], "channel": "meeting",
     "content": "Mặt đê hữu Hồng đoạn qua xã hẹp, xe tải trọng lớn thường xuyên đi qua gây lún, nứt; đề nghị kiểm tra, gia cố và cắm biển "
                "hạn chế tải trọng.",
     "summary": "Gia cố đê hữu Hồng đoạn qua xã, hạn chế xe tải trọng lớn",
     "voter_name": None, "urgent": False},
    # 26  (near-duplicate of 4)
    {"meeting": "M3", "locality": "xã Thường Tín", "field": "LDXH", "agency": "BNV",
     "coordinating": [], "channel": "meeting", "duplicate_of": 4,
     "content": "Cử tri kiến nghị Trung ương xem xét cho người lao động làm công việc nặng nhọc, độc hại được lựa chọn nghỉ hưu sớm mà không "
                "bị trừ tỷ lệ hưởng lương hưu.",
     "summary": "Cho lao động nặng nhọc, độc hại được chọn nghỉ hưu sớm không bị trừ lương hưu",
     "voter_name": None, "urgent": False},
    # 27
    {"meeting": "M3", "locality": "xã Thường Tín", "field": "NV", "agency": "UBND-TT",
     "coordinating": [], "channel": "meeting", "kind": "denunciation",
     "content": "Tôi tố cáo trưởng thôn Đông có dấu hiệu vụ lợi trong việc thu tiền đóng góp xây dựng nhà văn hóa thôn, thu vượt mức "
                "đã thống nhất nhưng không công khai chi tiêu.",
     "summary": "Tố cáo trưởng thôn thu tiền đóng góp xây nhà văn hóa không công khai",
     "voter_name": "Bà Lê Thị Nhàn (thôn Đông, xã Thường Tín)", "urgent": False},
    # ---------------------------------------------------------------- M4, phường Hà Đông
    # 28
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "MT", "agency": "SNNMT",
     "coordinating": ["UBND-HD"], "channel": "meeting",
     "content": "Đề nghị Thành phố có biện pháp xử lý ô nhiễm nước sông Nhuệ đoạn chảy qua phường, nước đen, bốc mùi, ảnh hưởng sức khỏe "
                "người dân hai bên bờ.",
     "summary": "Xử lý ô nhiễm nước sông Nhuệ đoạn qua phường Hà Đông",
     "voter_name": None, "urgent": False},
    # 29
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "GT", "agency": "SXD",
     "coordinating": ["TNHN"], "channel": "meeting",
     "content": "Đề nghị sớm cải tạo, nâng cấp tuyến đường Tô Hiệu; mặt đường xuống cấp, ngập úng mỗi khi mưa lớn.",
     "summary": "Cải tạo, nâng cấp đường Tô Hiệu xuống cấp, ngập úng",
     "voter_name": None, "urgent": False},
    # 30
    {"meeting": "M4", "locality": "phường Kiến Hưng", "field": "XD", "agency": "SXD",
     "coordinating": [], "channel": "meeting",
     "content": "Dự án nhà ở xã hội Kiến Hưng chậm tiến độ nhiều năm; đề nghị Thành phố kiểm tra, làm rõ trách nhiệm chủ đầu tư và công khai "
                "lộ trình bàn giao.",
     "summary": "Kiểm tra dự án nhà ở xã hội Kiến Hưng chậm tiến độ, công khai lộ trình bàn giao",
     "voter_name": None, "urgent": False},
    # 31
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "GD", "agency": "SGDDT",
     "coordinating": ["SQHKT", "UBND-HD"], "channel": "meeting",
     "content": "Sĩ số học sinh tại các trường tiểu học trên địa bàn vượt 50 em/lớp; đề nghị bố trí quỹ đất xây dựng thêm trường công lập.",
     "summary": "Bố trí quỹ đất xây thêm trường tiểu học công lập, giảm sĩ số",
     "voter_name": None, "urgent": False},
    # 32
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "YT", "agency": "SYT",
     "coordinating": ["UBND-HD"], "channel": "meeting",
     "content": "Đề nghị tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn tập thể và cổng trường học.",
     "summary": "Tăng cường kiểm tra an toàn thực phẩm tại bếp ăn tập thể, cổng trường",
     "voter_name": None, "urgent": False},
    # 33
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "LDXH", "agency": "UBND-HD",
     "coordinating": [], "channel": "meeting",
     "content": "Cần giám sát việc phân bổ tiền, hàng hỗ trợ cho hộ nghèo, hộ cận nghèo bảo đảm đúng người, đúng đối tượng.",
     "summary": "Phân bổ hỗ trợ hộ nghèo, cận nghèo đúng đối tượng",
     "voter_name": None, "urgent": False},
    # 34
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "ANTT", "agency": "CATP",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị tăng cường tuần tra, xử lý tình trạng thanh thiếu niên tụ tập, đua xe trái phép vào ban đêm trên đường Quang Trung.",
     "summary": "Xử lý thanh thiếu niên tụ tập, đua xe trái phép trên đường Quang Trung",
     "voter_name": None, "urgent": False},
    # 35  (near-duplicate of 6)
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "CCHC", "agency": "TTPVHCC",
     "coordinating": ["UBND-HD"], "channel": "meeting", "duplicate_of": 6,
     "content": "Nhiều người cao tuổi gặp khó khăn khi nộp hồ sơ trực tuyến; đề nghị bộ phận một cửa bố trí người hướng dẫn, tiếp tục "
                "nhận hồ sơ trực tiếp.",
     "summary": "Hướng dẫn người cao tuổi nộp hồ sơ trực tuyến, giữ tiếp nhận trực tiếp",
     "voter_name": None, "urgent": False},
    # 36
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "XD", "agency": "UBND-HD",
     "coordinating": [], "channel": "meeting",
     "content": "Cử tri hỏi khi nào hoàn thành việc lát lại vỉa hè phố Trần Phú, thi công đã hơn ba tháng, rào chắn gây khó khăn "
                "cho các hộ kinh doanh.",
     "summary": "Thời gian hoàn thành lát lại vỉa hè phố Trần Phú",
     "voter_name": None, "urgent": False, "answered_at_meeting": True,
     "meeting_answer": "Lãnh đạo UBND phường giải trình: nhà thầu cam kết hoàn thành, tháo dỡ rào chắn trước ngày 30/6/2026; "
                       "phường sẽ giám sát và thông báo tới các tổ dân phố."},
    # 37
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "ANTT", "agency": "CATP",
     "coordinating": [], "channel": "meeting", "kind": "opinion",
     "content": "Cử tri phản ánh bức xúc về tình trạng tin nhắn, cuộc gọi lừa đảo ngày càng tinh vi, nhiều người cao tuổi trong tổ dân phố "
                "đã bị mất tiền.",
     "summary": "Cử tri bức xúc về tình trạng lừa đảo qua điện thoại, tin nhắn",
     "voter_name": None, "urgent": False},
    # 38
    {"meeting": "M4", "locality": "phường Hà Đông", "field": "TCNS", "agency": "BTC",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị nâng mức giảm trừ gia cảnh khi tính thuế thu nhập cá nhân cho phù hợp với chi phí sinh hoạt tại các đô thị lớn.",
     "summary": "Nâng mức giảm trừ gia cảnh thuế thu nhập cá nhân",
     "voter_name": None, "urgent": False},
    # ---------------------------------------------------------------- M5, phường Cầu Giấy
    # 39
    {"meeting": "M5", "locality": "phường Cầu Giấy", "field": "MT", "agency": "SNNMT",
     "coordinating": ["SXD", "CATP"], "channel": "meeting",
     "content": "Đề nghị Thành phố có giải pháp căn cơ giảm ô nhiễm không khí, nhất là bụi mịn PM2.5 vào mùa đông; kiểm soát bụi từ "
                "công trình xây dựng và xe chở vật liệu.",
     "summary": "Giải pháp căn cơ giảm ô nhiễm không khí, bụi mịn PM2.5",
     "voter_name": None, "urgent": False},
    # 40
    {"meeting": "M5", "locality": "phường Cầu Giấy", "field": "TCNS", "agency": "STC",
     "coordinating": ["UBND-CG"], "channel": "meeting",
     "content": "Sau sắp xếp đơn vị hành chính, trụ sở UBND phường Dịch Vọng Hậu và phường Quan Hoa (cũ) bỏ trống; đề nghị sớm chuyển đổi "
                "thành nhà văn hóa, trường mầm non hoặc điểm sinh hoạt cộng đồng.",
     "summary": "Sử dụng trụ sở phường cũ bỏ trống làm công trình công cộng",
     "voter_name": None, "urgent": False},
    # 41
    {"meeting": "M5", "locality": "phường Cầu Giấy", "field": "GT", "agency": "SXD",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị đẩy nhanh tiến độ đoạn đi ngầm tuyến đường sắt đô thị Nhổn - ga Hà Nội; công trường rào chắn trên đường Cầu Giấy, "
                "Kim Mã kéo dài gây ùn tắc.",
     "summary": "Đẩy nhanh tiến độ đoạn ngầm đường sắt đô thị Nhổn - ga Hà Nội",
     "voter_name": None, "urgent": False},
    # 42
    {"meeting": "M5", "locality": "phường Cầu Giấy", "field": "ANTT", "agency": "CATP",
     "coordinating": ["UBND-CG"], "channel": "meeting",
     "content": "Đề nghị kiểm tra an toàn phòng cháy, chữa cháy tại các nhà ở nhiều tầng, nhiều căn hộ (chung cư mini) trên địa bàn, "
                "nhiều nơi không có lối thoát nạn thứ hai.",
     "summary": "Kiểm tra phòng cháy, chữa cháy tại chung cư mini thiếu lối thoát nạn",
     "voter_name": None, "urgent": True},
    # 43
    {"meeting": "M5", "locality": "phường Cầu Giấy", "field": "GD", "agency": "SGDDT",
     "coordinating": ["STC"], "channel": "meeting",
     "content": "Đề nghị hướng dẫn cụ thể việc hỗ trợ học phí cho học sinh trường ngoài công lập theo chính sách miễn học phí; đến nay "
                "nhiều phụ huynh chưa được nhận.",
     "summary": "Hướng dẫn, chi trả hỗ trợ học phí cho học sinh trường ngoài công lập",
     "voter_name": None, "urgent": False},
    # 44
    {"meeting": "M5", "locality": "phường Cầu Giấy", "field": "XD", "agency": "UBND-CG",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị cải tạo công viên Cầu Giấy, bổ sung thiết bị tập thể dục, ghế ngồi và nhà vệ sinh công cộng.",
     "summary": "Cải tạo công viên Cầu Giấy, bổ sung thiết bị tập luyện, nhà vệ sinh",
     "voter_name": None, "urgent": False},
    # 45
    {"meeting": "M5", "locality": "phường Cầu Giấy", "field": "ANTT", "agency": "CATP",
     "coordinating": [], "channel": "meeting",
     "content": "Cử tri hỏi người già yếu, nằm một chỗ không đến được trụ sở công an thì làm thủ tục cấp đổi thẻ căn cước như thế nào.",
     "summary": "Cấp đổi căn cước cho người già yếu không đi lại được",
     "voter_name": None, "urgent": False, "answered_at_meeting": True,
     "meeting_answer": "Trưởng Công an phường giải trình: công an phường tổ chức thu nhận hồ sơ lưu động tại nhà; gia đình đăng ký "
                       "qua tổ trưởng tổ dân phố hoặc gọi số điện thoại trực ban."},
    # 46
    {"meeting": "M5", "locality": "phường Cầu Giấy", "field": "XD", "agency": "UBND-CG",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị xử lý dứt điểm tình trạng họp chợ tạm, lấn chiếm lòng đường tại ngõ 165 phố Cầu Giấy vào buổi sáng và chiều tối.",
     "summary": "Xử lý chợ tạm lấn chiếm lòng đường ngõ 165 phố Cầu Giấy",
     "voter_name": None, "urgent": False},
    # 47
    {"meeting": "M5", "locality": "phường Văn Miếu - Quốc Tử Giám", "field": "CCHC", "agency": "STP",
     "coordinating": ["UBND-CG"], "channel": "meeting",
     "content": "Sau khi không còn cấp quận, người dân chưa rõ nơi cấp bản sao trích lục hộ tịch đã đăng ký tại quận cũ; đề nghị hướng dẫn "
                "cụ thể và công khai.",
     "summary": "Hướng dẫn nơi cấp trích lục hộ tịch đã đăng ký tại quận cũ",
     "voter_name": None, "urgent": False},
    # ---------------------------------------------------------------- M6, phường Long Biên (chuyên đề)
    # 48
    {"meeting": "M6", "locality": "phường Long Biên", "field": "MT", "agency": "UBND-LB",
     "coordinating": ["SNNMT"], "channel": "meeting",
     "content": "Đề nghị kiểm tra, xử lý các điểm đổ trộm phế thải xây dựng dọc chân đê tả sông Hồng; lắp camera giám sát tại các điểm nóng.",
     "summary": "Xử lý đổ trộm phế thải xây dựng dọc đê tả sông Hồng",
     "voter_name": None, "urgent": False},
    # 49
    {"meeting": "M6", "locality": "phường Long Biên", "field": "XD", "agency": "SXD",
     "coordinating": ["SQHKT", "UBND-LB"], "channel": "meeting",
     "content": "Khu nhà tập thể bốn tầng xây từ những năm 1970 tại tổ dân phố số 7 đã nứt tường, bong bê tông, nguy cơ sập đổ; "
                "đề nghị kiểm định và sớm cải tạo, xây dựng lại.",
     "summary": "Kiểm định, cải tạo khu tập thể cũ nguy hiểm tại tổ dân phố số 7",
     "voter_name": None, "urgent": True},
    # 50
    {"meeting": "M6", "locality": "phường Long Biên", "field": "CTN", "agency": "TNHN",
     "coordinating": ["UBND-LB"], "channel": "meeting",
     "content": "Hệ thống thoát nước khu vực Thạch Bàn, Cự Khối chưa đồng bộ, mưa lớn gây ngập sâu; đề nghị đầu tư cống thoát nước "
                "và trạm bơm tiêu.",
     "summary": "Đầu tư hệ thống thoát nước, chống ngập khu vực Thạch Bàn, Cự Khối",
     "voter_name": None, "urgent": False},
    # 51
    {"meeting": "M6", "locality": "phường Long Biên", "field": "MT", "agency": "UBND-LB",
     "coordinating": ["SNNMT"], "channel": "meeting",
     "content": "Đề nghị di dời các cơ sở sản xuất, kho bãi xen kẹp trong khu dân cư gây tiếng ồn, bụi và ô nhiễm nguồn nước.",
     "summary": "Di dời cơ sở sản xuất, kho bãi gây ô nhiễm trong khu dân cư",
     "voter_name": None, "urgent": False},
    # 52
    {"meeting": "M6", "locality": "phường Long Biên", "field": "GT", "agency": "CATP",
     "coordinating": ["SXD"], "channel": "meeting",
     "content": "Đề nghị lắp đặt thêm camera giám sát, xử lý xe tải chạy quá tốc độ, chở vật liệu rơi vãi trên đường Nguyễn Văn Linh.",
     "summary": "Xử lý xe tải quá tốc độ, rơi vãi vật liệu trên đường Nguyễn Văn Linh",
     "voter_name": None, "urgent": False},
    # 53
    {"meeting": "M6", "locality": "phường Long Biên", "field": "XD", "agency": "UBND-LB",
     "coordinating": [], "channel": "meeting", "kind": "opinion",
     "content": "Cử tri đồng tình, đánh giá cao đợt ra quân lập lại trật tự vỉa hè, lòng đường thời gian qua và mong được duy trì "
                "thường xuyên.",
     "summary": "Cử tri đồng tình với việc lập lại trật tự vỉa hè, lòng đường",
     "voter_name": None, "urgent": False},
    # 54
    {"meeting": "M6", "locality": "phường Long Biên", "field": "DD", "agency": "UBND-LB",
     "coordinating": [], "channel": "meeting", "kind": "complaint",
     "content": "Tôi khiếu nại quyết định bồi thường khi thu hồi đất nông nghiệp của gia đình để làm đường, đơn giá thấp hơn so với "
                "hộ liền kề có cùng vị trí.",
     "summary": "Khiếu nại đơn giá bồi thường đất nông nghiệp thấp hơn hộ liền kề",
     "voter_name": "Bà Phạm Thị Xuân (tổ dân phố số 12, phường Long Biên)", "urgent": False},
    # 55
    {"meeting": "M6", "locality": "phường Long Biên", "field": "MT", "agency": "UBND-LB",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị tăng tần suất thu gom rác tại các ngõ nhỏ; hiện chỉ thu một lần vào buổi tối, rác tồn đọng cả ngày.",
     "summary": "Tăng tần suất thu gom rác tại các ngõ nhỏ",
     "voter_name": None, "urgent": False, "answered_at_meeting": True,
     "meeting_answer": "Phó Chủ tịch UBND phường cho biết từ tháng 12/2026 đơn vị vệ sinh môi trường sẽ thu gom hai lượt mỗi ngày "
                       "tại các ngõ có trên 50 hộ."},
    # ---------------------------------------------------------------- M7, xã Sóc Sơn
    # 56  (near-duplicate of 40)
    {"meeting": "M7", "locality": "xã Sóc Sơn", "field": "TCNS", "agency": "STC",
     "coordinating": ["UBND-SS"], "channel": "meeting", "duplicate_of": 40,
     "content": "Nhiều trụ sở xã cũ sau sáp nhập đang bỏ trống, xuống cấp; đề nghị Thành phố sớm có phương án sử dụng, tránh lãng phí "
                "tài sản công.",
     "summary": "Phương án sử dụng trụ sở xã cũ bỏ trống, tránh lãng phí tài sản công",
     "voter_name": None, "urgent": False},
    # 57
    {"meeting": "M7", "locality": "xã Sóc Sơn", "field": "DD", "agency": "UBND-SS",
     "coordinating": ["SNNMT"], "channel": "meeting",
     "content": "Đề nghị công khai kế hoạch thu hồi đất, phương án tái định cư phục vụ dự án mở rộng Cảng hàng không quốc tế Nội Bài "
                "để người dân yên tâm ổn định cuộc sống.",
     "summary": "Công khai kế hoạch thu hồi đất, tái định cư dự án mở rộng sân bay Nội Bài",
     "voter_name": None, "urgent": False},
    # 58
    {"meeting": "M7", "locality": "xã Kim Anh", "field": "MT", "agency": "SNNMT",
     "coordinating": ["UBND-SS"], "channel": "meeting",
     "content": "Khu liên hợp xử lý chất thải Sóc Sơn thường xuyên bốc mùi hôi, nước rỉ rác tràn ra ruộng; đề nghị xử lý triệt để và "
                "đẩy nhanh di dân ra khỏi vùng ảnh hưởng.",
     "summary": "Xử lý mùi, nước rỉ rác tại Khu liên hợp xử lý chất thải Sóc Sơn",
     "voter_name": None, "urgent": True},
    # 59
    {"meeting": "M7", "locality": "xã Sóc Sơn", "field": "NN", "agency": "SNNMT",
     "coordinating": ["UBND-SS"], "channel": "meeting",
     "content": "Đề nghị hỗ trợ kinh phí kiên cố hóa kênh mương nội đồng, nạo vét trạm bơm để bảo đảm tưới tiêu cho vụ Đông Xuân.",
     "summary": "Kiên cố hóa kênh mương nội đồng, bảo đảm tưới tiêu vụ Đông Xuân",
     "voter_name": None, "urgent": False},
    # 60
    {"meeting": "M7", "locality": "xã Sóc Sơn", "field": "GT", "agency": "SXD",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị sửa chữa tuyến Quốc lộ 3 đoạn qua xã; mặt đường nhiều ổ gà, xe tải trọng lớn đi lại gây bụi và mất an toàn.",
     "summary": "Sửa chữa Quốc lộ 3 đoạn qua xã Sóc Sơn nhiều ổ gà",
     "voter_name": None, "urgent": False},
    # 61
    {"meeting": "M7", "locality": "xã Sóc Sơn", "field": "GD", "agency": "UBND-SS",
     "coordinating": ["SGDDT"], "channel": "meeting",
     "content": "Trường trung học cơ sở của xã thiếu phòng học bộ môn, phòng tin học; đề nghị đầu tư xây dựng để đạt chuẩn quốc gia.",
     "summary": "Đầu tư phòng học bộ môn cho trường THCS xã Sóc Sơn",
     "voter_name": None, "urgent": False},
    # 62
    {"meeting": "M7", "locality": "xã Sóc Sơn", "field": "YT", "agency": "SYT",
     "coordinating": ["STC", "BHXH"], "channel": "meeting",
     "content": "Đề nghị Thành phố nghiên cứu mở rộng đối tượng được hỗ trợ mua thẻ bảo hiểm y tế cho người cao tuổi từ 70 đến dưới "
                "75 tuổi.",
     "summary": "Hỗ trợ mua thẻ bảo hiểm y tế cho người từ 70 đến dưới 75 tuổi",
     "voter_name": None, "urgent": False},
    # 63
    {"meeting": "M7", "locality": "xã Sóc Sơn", "field": "DD", "agency": "UBND-SS",
     "coordinating": [], "channel": "meeting", "kind": "denunciation",
     "content": "Tôi tố cáo cán bộ địa chính xã cũ có dấu hiệu bao che, nhận tiền để hợp thức hóa việc xây dựng nhà xưởng trái phép "
                "trên đất nông nghiệp tại thôn Đông Hạ.",
     "summary": "Tố cáo cán bộ địa chính bao che xây nhà xưởng trái phép trên đất nông nghiệp",
     "voter_name": "Ông Đỗ Văn Kiên (thôn Đông Hạ, xã Sóc Sơn)", "urgent": False},
    # 64
    {"meeting": "M7", "locality": "xã Sóc Sơn", "field": "NV", "agency": "UBND-SS",
     "coordinating": [], "channel": "meeting",
     "content": "Cử tri hỏi đến khi nào chi trả trợ cấp cho cán bộ không chuyên trách ở thôn nghỉ việc sau sắp xếp.",
     "summary": "Thời gian chi trả trợ cấp cho cán bộ không chuyên trách thôn nghỉ việc",
     "voter_name": None, "urgent": False, "answered_at_meeting": True,
     "meeting_answer": "Chủ tịch UBND xã giải trình: hồ sơ đã được Sở Nội vụ thẩm định, xã sẽ chi trả xong trong tháng 12/2026."},
    # 65
    {"meeting": "M7", "locality": "xã Sóc Sơn", "field": "DTTG", "agency": "SDTTG",
     "coordinating": ["UBND-SS"], "channel": "meeting",
     "content": "Đề nghị tiếp tục thực hiện chính sách hỗ trợ đồng bào dân tộc Sán Dìu tại các thôn vùng đồi gò về nhà ở, nước sinh hoạt "
                "và bảo tồn tiếng nói, trang phục truyền thống.",
     "summary": "Hỗ trợ đồng bào dân tộc Sán Dìu về nhà ở, nước sinh hoạt, bảo tồn văn hóa",
     "voter_name": None, "urgent": False},
    # ---------------------------------------------------------------- M8, trực tuyến, điểm cầu phường Hoàn Kiếm
    # 66  (near-duplicate of 39)
    {"meeting": "M8", "locality": "phường Hoàn Kiếm", "field": "MT", "agency": "SNNMT",
     "coordinating": ["UBND-HK"], "channel": "meeting", "duplicate_of": 39,
     "content": "Cử tri đề nghị Thành phố công khai kịp thời chỉ số chất lượng không khí, có khuyến cáo cho người dân và xử lý nghiêm "
                "việc đốt rác, đốt rơm rạ gây khói bụi.",
     "summary": "Công khai chỉ số chất lượng không khí, xử lý đốt rác, rơm rạ gây khói bụi",
     "voter_name": None, "urgent": False},
    # 67
    {"meeting": "M8", "locality": "phường Hoàn Kiếm", "field": "XD", "agency": "SQHKT",
     "coordinating": ["UBND-HK"], "channel": "meeting",
     "content": "Đề nghị công khai lộ trình thực hiện quy hoạch phân khu đô thị sông Hồng, phương án tái định cư cho các hộ dân ngoài đê "
                "khu vực Phúc Tân, Chương Dương.",
     "summary": "Công khai lộ trình quy hoạch phân khu sông Hồng, tái định cư hộ ngoài đê",
     "voter_name": None, "urgent": False},
    # 68
    {"meeting": "M8", "locality": "phường Hoàn Kiếm", "field": "VH", "agency": "UBND-HK",
     "coordinating": ["SVHTT", "CATP"], "channel": "meeting",
     "content": "Đề nghị quản lý tiếng ồn, vệ sinh môi trường tại khu phố đi bộ và phố cổ vào các tối cuối tuần, bảo đảm sinh hoạt của "
                "người dân sở tại.",
     "summary": "Quản lý tiếng ồn, vệ sinh tại phố đi bộ, phố cổ cuối tuần",
     "voter_name": None, "urgent": False},
    # 69
    {"meeting": "M8", "locality": "phường Hoàn Kiếm", "field": "VH", "agency": "SVHTT",
     "coordinating": ["UBND-HK"], "channel": "meeting",
     "content": "Một số đình, đền trong khu phố cổ xuống cấp, mái dột, tường nứt; đề nghị bố trí kinh phí tu bổ, tôn tạo di tích.",
     "summary": "Tu bổ, tôn tạo đình, đền xuống cấp trong khu phố cổ",
     "voter_name": None, "urgent": False},
    # 70
    {"meeting": "M8", "locality": "phường Hoàn Kiếm", "field": "DTTG", "agency": "SDTTG",
     "coordinating": ["SVHTT", "UBND-HK"], "channel": "meeting",
     "content": "Đề nghị tăng cường hướng dẫn, quản lý hoạt động tín ngưỡng tại các đền, phủ; chấn chỉnh tình trạng đốt vàng mã, "
                "dịch vụ lên đồng thu tiền.",
     "summary": "Quản lý hoạt động tín ngưỡng, chấn chỉnh đốt vàng mã tại đền, phủ",
     "voter_name": None, "urgent": False},
    # 71
    {"meeting": "M8", "locality": "phường Hoàn Kiếm", "field": "YT", "agency": "BYT",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị bổ sung một số thuốc điều trị ung thư, bệnh hiếm vào danh mục thuốc được quỹ bảo hiểm y tế thanh toán.",
     "summary": "Bổ sung thuốc điều trị ung thư, bệnh hiếm vào danh mục bảo hiểm y tế",
     "voter_name": None, "urgent": False},
    # 72
    {"meeting": "M8", "locality": "phường Hoàn Kiếm", "field": "CT", "agency": "SCT",
     "coordinating": ["CATP"], "channel": "meeting",
     "content": "Đề nghị tăng cường kiểm tra, xử lý hàng giả, hàng nhái, hàng không rõ nguồn gốc bày bán tại chợ Đồng Xuân và các "
                "tuyến phố lân cận.",
     "summary": "Kiểm tra, xử lý hàng giả, hàng nhái tại chợ Đồng Xuân",
     "voter_name": None, "urgent": False},
    # 73
    {"meeting": "M8", "locality": "phường Hoàn Kiếm", "field": "CT", "agency": "SCT",
     "coordinating": [], "channel": "meeting", "kind": "opinion",
     "content": "Cử tri bày tỏ lo lắng về giá cả hàng hóa, dịch vụ tăng cao dịp cuối năm, ảnh hưởng đến đời sống người lao động "
                "và người hưởng lương hưu.",
     "summary": "Cử tri lo lắng về giá cả hàng hóa tăng cao dịp cuối năm",
     "voter_name": None, "urgent": False},
    # 74
    {"meeting": "M8", "locality": "phường Long Biên", "field": "GT", "agency": "SXD",
     "coordinating": [], "channel": "meeting",
     "content": "Đề nghị đẩy nhanh tiến độ xây dựng cầu Trần Hưng Đạo và tổ chức lại giao thông tạm, giảm ùn tắc tại đầu cầu "
                "Chương Dương phía Long Biên.",
     "summary": "Đẩy nhanh tiến độ cầu Trần Hưng Đạo, giảm ùn tắc đầu cầu Chương Dương",
     "voter_name": None, "urgent": False},
    # ---------------------------------------------------------------- Other channels (round before session 2)
    # 75
    {"meeting": None, "session": 2, "received": "2026-10-21", "locality": "phường Hà Đông", "field": "ANTT",
     "agency": "CATP", "coordinating": ["UBND-HD"], "channel": "letter",
     "content": "Các hộ dân tổ dân phố số 3 đề nghị xử lý quán karaoke hoạt động quá 24 giờ, mở nhạc to, gây mất trật tự và ảnh hưởng "
                "giấc ngủ của người dân.",
     "summary": "Xử lý quán karaoke hoạt động quá giờ, gây ồn tại tổ dân phố số 3",
     "voter_name": None, "urgent": False},
    # 76
    {"meeting": None, "session": 2, "received": "2026-10-30", "locality": "xã Thường Tín", "field": "DL",
     "agency": "EVNHN", "coordinating": ["UBND-TT"], "channel": "hotline",
     "content": "Sau cơn bão, cột điện hạ thế đầu thôn Đông bị nghiêng, dây điện võng thấp sát mặt đường, có nguy cơ gây tai nạn; "
                "đề nghị khắc phục ngay.",
     "summary": "Khắc phục cột điện nghiêng, dây võng thấp sau bão ở thôn Đông",
     "voter_name": None, "urgent": True},
    # 77
    {"meeting": None, "session": 2, "received": "2026-11-05", "locality": "phường Hà Đông", "field": "VH",
     "agency": "UBND-HD", "coordinating": [], "channel": "delegate", "delegate": "Hoàng Đức Thắng",
     "content": "Cử tri tổ dân phố số 9 đề nghị sớm bàn giao, đưa vào sử dụng nhà văn hóa đã xây dựng xong từ năm 2024 nhưng vẫn khóa cửa.",
     "summary": "Bàn giao, đưa nhà văn hóa tổ dân phố số 9 vào sử dụng",
     "voter_name": None, "urgent": False},
    # 78
    {"meeting": None, "session": 2, "received": "2026-11-09", "locality": "xã Gia Lâm", "field": "GT",
     "agency": "SXD", "coordinating": [], "channel": "online",
     "content": "Đề nghị mở thêm tuyến xe buýt kết nối xã Gia Lâm với các ga đường sắt đô thị và khu vực nội thành, tăng tần suất vào "
                "giờ cao điểm.",
     "summary": "Mở tuyến xe buýt kết nối xã Gia Lâm với ga đường sắt đô thị, nội thành",
     "voter_name": None, "urgent": False},
    # 79
    {"meeting": None, "session": 2, "received": "2026-11-16", "locality": "phường Cầu Giấy", "field": "XD",
     "agency": "UBND-CG", "coordinating": [], "channel": "letter", "kind": "complaint",
     "content": "Tôi khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng đối với gia đình tôi vì phần mái che cơi nới đã tồn tại "
                "trước năm 2010, đề nghị xem xét lại.",
     "summary": "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng",
     "voter_name": "Ông Trần Văn Lộc (tổ dân phố số 5, phường Cầu Giấy)", "urgent": False},
]

# Each demo item's own answers, keyed by the item's summary, so an answer speaks of what the voters asked
# (the walk in dataset.py picks the item's own; tests/unit/test_seed_content.py checks every item it answers has
# one). "category": the result category the agency proposes; "text": its answer; "draft": a first draft its leader
# sent back; "reanswer": its answer after the committee asked it to answer again; "progress": (percent, note) of
# each monthly report on a roadmap; "done": the committee's note when it marks the roadmap done. {expected} is the
# date the agency commits to: the demo fills it in, so an answer never promises a year the item was finished before.
ANSWERS = {
    "Nạo vét, xử lý ô nhiễm hồ Văn Chương": {
        "category": "explained",
        "draft": "Hồ Văn Chương do Công ty TNHH MTV Thoát nước Hà Nội quản lý, duy trì theo hợp đồng đặt hàng của "
                 "Thành phố; UBND phường đã đề nghị đơn vị tăng cường vớt rác, bèo tây trên mặt hồ.",
        "text": "UBND phường đã phối hợp với Công ty TNHH MTV Thoát nước Hà Nội kiểm tra hiện trạng hồ Văn Chương: lớp "
                "bùn đáy dày 0,6 - 0,8 m, rác và bèo tây tích tụ ở phía ngõ Văn Chương. Việc vớt rác, bèo tây được "
                "thực hiện hằng tuần; việc nạo vét bùn đáy hồ đã được đưa vào danh mục duy tu hệ thống thoát nước năm "
                "2026 của Thành phố.",
        "reanswer": "UBND phường đã thống nhất với Công ty TNHH MTV Thoát nước Hà Nội phương án nạo vét toàn bộ lòng "
                    "hồ Văn Chương (khoảng 4.500 m³ bùn), thu gom rác, bèo tây và lắp lưới chắn rác tại các cửa xả, "
                    "kinh phí từ nguồn duy tu thoát nước năm 2026; thi công từ cuối tháng 8/2026, dự kiến hoàn thành "
                    "trước ngày {expected}.",
        "progress": [(40, "Đã nạo vét khoảng 1.800/4.500 m³ bùn ở nửa phía bắc lòng hồ Văn Chương, vớt sạch bèo tây"),
                     (80, "Đã nạo vét khoảng 3.600/4.500 m³ bùn; đang lắp lưới chắn rác tại các cửa xả vào hồ")],
        "done": "Đã kiểm tra thực tế: hồ Văn Chương đã được nạo vét xong, lắp lưới chắn rác tại các cửa xả.",
    },
    "Xử lý ngập úng ngõ 25 phố Văn Chương": {
        "category": "resolved",
        "text": "Công ty đã thông tắc, nạo vét toàn bộ tuyến cống ngõ 25 phố Văn Chương (dài khoảng 320 m), thay 12 ga "
                "thu nước bị vỡ và hạ cao độ hố ga cuối ngõ đấu nối ra cống phố Văn Chương; qua các trận mưa lớn cuối "
                "tháng 7/2026, ngõ không còn ngập úng. Kết quả đã được thông báo tới UBND phường Văn Miếu - Quốc Tử "
                "Giám để thông tin cho cử tri.",
    },
    "Xử lý công trình xây dựng sai phép, lấn chiếm vỉa hè phố Nguyễn Khuyến": {
        "category": "in_progress",
        "text": "Qua kiểm tra, trên phố Nguyễn Khuyến có 10 công trình xây dựng sai nội dung giấy phép, trong đó 6 công "
                "trình lấn chiếm vỉa hè. UBND phường đã lập biên bản, ban hành quyết định xử phạt vi phạm hành chính "
                "và yêu cầu chủ đầu tư tự tháo dỡ phần sai phép; trường hợp không tự khắc phục sẽ tổ chức cưỡng chế. "
                "Dự kiến xử lý dứt điểm trước ngày {expected}.",
        "progress": [(30, "Đã có 3/10 công trình tự tháo dỡ phần xây dựng sai phép, trả lại vỉa hè phố Nguyễn Khuyến"),
                     (60, "Đã xử lý xong 6/10 công trình sai phép; 4 công trình còn lại đã có quyết định cưỡng chế, "
                          "đang lập phương án thực hiện")],
    },
    "Xử lý trường ngoài công lập tuyển sinh vượt chỉ tiêu, thu sai quy định": {
        "category": "explained",
        "text": "Năm học 2026 - 2027, Sở đã giao chỉ tiêu tuyển sinh cho từng trường ngoài công lập và kiểm tra 42 "
                "trường: 3 trường tuyển sinh vượt chỉ tiêu đã bị xử phạt và phải điều chỉnh số lớp, không có trường thu "
                "khoản ngoài danh mục đã công khai. Chỉ tiêu tuyển sinh và mức thu của từng trường được công khai trên "
                "Cổng thông tin điện tử của Sở để phụ huynh theo dõi, giám sát.",
    },
    "Công khai danh sách phương tiện vi phạm bị phát hiện qua camera giám sát": {
        "category": "resolved",
        "text": "Từ tháng 7/2026, Công an Thành phố công khai danh sách phương tiện vi phạm được phát hiện qua hệ thống "
                "camera giám sát trên Cổng thông tin điện tử của Công an Thành phố và ứng dụng VNeTraffic, cập nhật "
                "hằng ngày; người dân tra cứu theo biển số để biết và chấp hành việc xử lý vi phạm.",
    },
    "Đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho hộ dân thôn Kiêu Kỵ": {
        "category": "in_progress",
        "text": "Sở đã chỉ đạo Văn phòng Đăng ký đất đai phối hợp với UBND xã Gia Lâm rà soát 150 hồ sơ đề nghị cấp "
                "giấy chứng nhận quyền sử dụng đất của các hộ dân thôn Kiêu Kỵ nộp từ năm 2023: 96 hồ sơ đủ điều kiện "
                "đang được giải quyết theo thứ tự; 54 hồ sơ phải bổ sung giấy tờ về nguồn gốc đất, đã được hướng dẫn "
                "từng hộ. Dự kiến hoàn thành việc cấp giấy chứng nhận trước ngày {expected}.",
        "progress": [(30, "Đã cấp 45/150 giấy chứng nhận quyền sử dụng đất cho các hộ dân thôn Kiêu Kỵ"),
                     (60, "Đã cấp 90/150 giấy chứng nhận; các hồ sơ còn lại đang bổ sung giấy tờ về nguồn gốc đất")],
    },
    "Lắp đèn tín hiệu tại nút giao Quốc lộ 5 - đường vào chợ Trâu Quỳ": {
        "category": "cannot_resolve",
        "text": "Quốc lộ 5 do Cục Đường bộ Việt Nam quản lý; việc lắp đèn tín hiệu tại nút giao với đường vào chợ Trâu "
                "Quỳ phải được cơ quan quản lý tuyến chấp thuận. Sở đã có văn bản đề nghị nhưng chưa được chấp thuận do "
                "khoảng cách tới nút giao liền kề chưa bảo đảm quy chuẩn; trước mắt Sở đã bổ sung biển báo, gờ giảm tốc "
                "và sơn vạch cảnh báo tại nút giao, sẽ tiếp tục đề nghị khi điều chỉnh tổ chức giao thông khu vực.",
    },
    "Bố trí đủ giáo viên, nâng chất lượng dạy ngoại ngữ ở trường ngoại thành": {
        "category": "resolved",
        "text": "Sở đã bố trí đủ giáo viên tiếng Anh cho các trường phổ thông khu vực ngoại thành trong năm học "
                "2026 - 2027.",
        "reanswer": "Cho năm học 2026 - 2027, Sở đã tuyển dụng và phân bổ 126 giáo viên tiếng Anh cho các trường phổ "
                    "thông ngoại thành, bảo đảm đủ định mức theo quy định; bồi dưỡng nâng chuẩn năng lực ngoại ngữ cho "
                    "340 giáo viên và tổ chức học trực tuyến với giáo viên bản ngữ tại 58 trường. Danh sách phân bổ "
                    "giáo viên theo từng trường đã gửi UBND các xã để thông tin cho cử tri.",
    },
    "Đầu tư trang thiết bị cho Bệnh viện đa khoa Gia Lâm": {
        "category": "in_progress",
        "text": "Thành phố đã phê duyệt danh mục mua sắm trang thiết bị năm 2026 cho Bệnh viện đa khoa Gia Lâm gồm máy "
                "chụp cắt lớp vi tính 128 lát cắt, hệ thống nội soi tiêu hóa, 2 máy thở và 10 monitor theo dõi bệnh "
                "nhân; Sở đang tổ chức lựa chọn nhà thầu, dự kiến bàn giao, đưa vào sử dụng trước ngày {expected}.",
        "progress": [(30, "Đã ký hợp đồng mua sắm; đã bàn giao 10 monitor theo dõi bệnh nhân cho Bệnh viện đa khoa "
                          "Gia Lâm"),
                     (60, "Đã bàn giao thêm 2 máy thở và hệ thống nội soi; máy chụp cắt lớp vi tính đang lắp đặt, "
                          "hiệu chuẩn")],
        "done": "Đã kiểm tra thực tế: trang thiết bị đã bàn giao và đưa vào sử dụng tại Bệnh viện đa khoa Gia Lâm.",
    },
    "Hỗ trợ chuyển đổi trồng rau an toàn, liên kết chuỗi tiêu thụ": {
        "category": "explained",
        "text": "Chính sách khuyến khích phát triển nông nghiệp của Thành phố đã quy định hỗ trợ giống, vật tư và chi phí "
                "chứng nhận VietGAP cho vùng sản xuất rau an toàn tập trung, hỗ trợ hợp tác xã liên kết tiêu thụ theo "
                "chuỗi. Hộ dân, hợp tác xã có nhu cầu chuyển đổi đăng ký với UBND xã Gia Lâm để được hướng dẫn hồ sơ; "
                "Sở đã gửi thông tin này tới UBND xã để thông tin cho cử tri.",
    },
    "Xử lý doanh nghiệp nợ đóng bảo hiểm xã hội, chốt sổ cho người lao động": {
        "category": "in_progress",
        "text": "Bảo hiểm xã hội Thành phố đã rà soát 12 doanh nghiệp gốm sứ nợ đóng bảo hiểm xã hội kéo dài, tổng số "
                "nợ khoảng 18,5 tỷ đồng; đã đôn đốc, lập biên bản và chuyển hồ sơ 5 doanh nghiệp sang cơ quan thanh "
                "tra, công an xử lý theo quy định. Người lao động đã nghỉ việc được xác nhận thời gian đã đóng để giải "
                "quyết chế độ; phấn đấu thu hồi nợ và chốt sổ cho người lao động trước ngày {expected}.",
        "progress": [(30, "Đã thu hồi khoảng 5,5/18,5 tỷ đồng nợ bảo hiểm xã hội; đã chốt sổ cho 64 người lao động "
                          "nghỉ việc"),
                     (60, "Đã thu hồi khoảng 11/18,5 tỷ đồng nợ bảo hiểm xã hội; 5 doanh nghiệp đã được chuyển cơ quan "
                          "công an xem xét")],
    },
    "Di dời bãi tập kết rác tạm đầu thôn Đông gây ô nhiễm": {
        "category": "resolved",
        "text": "UBND xã đã chấm dứt việc tập kết rác tại đầu thôn Đông từ ngày 25/7/2026, chuyển điểm tập kết về khu "
                "đất cách khu dân cư khoảng 500 m, có mái che và rãnh thu nước rỉ rác; đã thu dọn, khử trùng mặt bằng "
                "cũ và nạo vét đoạn mương tưới bị ô nhiễm. Rác được thu gom, vận chuyển đi xử lý trong ngày.",
    },
    "Xử lý khai thác cát trái phép trên sông Hồng gây sạt lở bờ bãi": {
        "category": "cannot_resolve",
        "text": "Công an Thành phố đã tăng cường tuần tra, bắt giữ 4 phương tiện khai thác cát trái phép trên đoạn sông "
                "Hồng qua xã trong tháng 7/2026. Việc khắc phục sạt lở bờ bãi canh tác cần đầu tư kè bờ, vượt chức "
                "năng của đơn vị và chưa có trong kế hoạch đầu tư công trung hạn; đơn vị đã đề nghị Sở Nông nghiệp và "
                "Môi trường tổng hợp, đề xuất Thành phố.",
    },
    "Bảo đảm cung ứng thuốc điều trị bệnh mãn tính tại trạm y tế xã": {
        "category": "resolved",
        "text": "Sở đã chỉ đạo Trung tâm Y tế khu vực điều chuyển, bổ sung thuốc điều trị tăng huyết áp, đái tháo đường "
                "và bệnh phổi tắc nghẽn mạn tính cho trạm y tế xã; từ cuối tháng 7/2026, trạm y tế đã cấp đủ thuốc cho "
                "người bệnh có thẻ bảo hiểm y tế được quản lý tại trạm, nguồn thuốc được bảo đảm theo kết quả đấu thầu "
                "năm 2026 - 2027.",
    },
    "Giải quyết chế độ cho cán bộ không chuyên trách dôi dư sau sắp xếp": {
        "category": "explained",
        "text": "Chế độ đối với người hoạt động không chuyên trách ở cấp xã, thôn dôi dư do sắp xếp đơn vị hành chính "
                "được thực hiện theo quy định của Chính phủ và Nghị quyết của HĐND Thành phố; Sở đã hướng dẫn UBND "
                "các xã, phường lập danh sách, hồ sơ đề nghị hỗ trợ. Người thuộc diện dôi dư liên hệ UBND xã nơi công "
                "tác để được giải quyết.",
    },
    "Đầu tư mạng lưới cấp nước sạch cho các thôn dùng nước giếng nhiễm asen": {
        "category": "in_progress",
        "text": "Thành phố đã phê duyệt dự án đầu tư tuyến ống truyền dẫn và mạng lưới cấp nước sạch cho 5 thôn còn "
                "dùng nước giếng khoan nhiễm asen của xã, đấu nối từ nhà máy nước mặt sông Hồng; trong thời gian thi "
                "công, UBND xã phối hợp cấp nước sạch bằng xe bồn cho các hộ có nguồn nước không bảo đảm. Dự kiến hoàn "
                "thành, cấp nước cho các thôn trước ngày {expected}.",
        "progress": [(30, "Đã lắp đặt 6/20 km đường ống cấp nước sạch; thôn đầu tiên đã được đấu nối"),
                     (60, "Đã lắp đặt 12/20 km đường ống; 3/5 thôn đã dùng nước sạch thay nước giếng nhiễm asen")],
    },
    "Xử lý ô nhiễm nước sông Nhuệ đoạn qua phường Hà Đông": {
        "category": "resolved",
        "text": "Sở đã kiểm tra, xử lý các nguồn xả thải ra sông Nhuệ đoạn qua phường Hà Đông; chất lượng nước đã được "
                "cải thiện.",
        "reanswer": "Sở đã phối hợp với UBND phường Hà Đông kiểm tra 27 cửa xả ra sông Nhuệ đoạn qua phường, xử phạt 4 "
                    "cơ sở xả nước thải chưa qua xử lý và buộc đấu nối về hệ thống thu gom; nước thải khu vực đã được "
                    "đưa về nhà máy xử lý nước thải Yên Xá, đồng thời lấy nước sông Hồng qua cống Liên Mạc để tăng dòng "
                    "chảy. Kết quả quan trắc tháng 8/2026 cho thấy các chỉ tiêu ô nhiễm hữu cơ giảm rõ so với cùng "
                    "kỳ; Sở công khai kết quả quan trắc hằng tháng.",
    },
    "Cải tạo, nâng cấp đường Tô Hiệu xuống cấp, ngập úng": {
        "category": "in_progress",
        "text": "Việc cải tạo, nâng cấp đường Tô Hiệu (dài khoảng 1,2 km) gồm làm lại mặt đường, hè phố và cống thoát "
                "nước dọc tuyến đã được đưa vào kế hoạch duy tu năm 2026; Sở đã giao đơn vị thi công từ tháng 8/2026, "
                "thi công theo từng đoạn để bảo đảm đi lại, dự kiến hoàn thành trước ngày {expected}.",
        "progress": [(30, "Đã thay xong cống thoát nước dọc tuyến đoạn đầu đường Tô Hiệu (khoảng 360/1.200 m)"),
                     (60, "Đã hoàn thành cống thoát nước và hè phố 720/1.200 m đường Tô Hiệu; đang chuẩn bị thảm lại "
                          "mặt đường")],
        "done": "Đã kiểm tra thực tế: đường Tô Hiệu đã cải tạo xong, không còn ngập úng khi mưa lớn.",
    },
    "Tăng cường kiểm tra an toàn thực phẩm tại bếp ăn tập thể, cổng trường": {
        "category": "cannot_resolve",
        "text": "Sở đã chỉ đạo các đoàn kiểm tra liên ngành kiểm tra định kỳ và đột xuất bếp ăn tập thể trong trường "
                "học. Riêng việc bố trí lực lượng kiểm tra thường xuyên thức ăn đường phố tại cổng trường chưa thể "
                "thực hiện do cấp xã chưa có công chức chuyên trách an toàn thực phẩm sau sắp xếp tổ chức bộ máy; Sở "
                "đã đề xuất Thành phố bổ sung biên chế và sẽ triển khai khi được giao.",
    },
    "Phân bổ hỗ trợ hộ nghèo, cận nghèo đúng đối tượng": {
        "category": "in_progress",
        "text": "UBND phường đã công khai danh sách hộ nghèo, hộ cận nghèo năm 2026 tại trụ sở và nhà văn hóa các tổ "
                "dân phố; tiền, hàng hỗ trợ được phân bổ theo danh sách đã công khai, có sự giám sát của Ủy ban Mặt "
                "trận Tổ quốc phường. Phường đang rà soát lại toàn bộ 210 hộ được hỗ trợ để loại bỏ trường hợp không "
                "đúng đối tượng, dự kiến hoàn thành trước ngày {expected}.",
        "progress": [(30, "Đã rà soát 63/210 hộ nghèo, cận nghèo được hỗ trợ; thu hồi hỗ trợ của 2 hộ không đúng đối "
                          "tượng"),
                     (60, "Đã rà soát 126/210 hộ nghèo, cận nghèo; kết quả được niêm yết công khai tại các tổ dân phố")],
    },
    "Xử lý thanh thiếu niên tụ tập, đua xe trái phép trên đường Quang Trung": {
        "category": "resolved",
        "text": "Công an Thành phố đã chỉ đạo Công an phường Hà Đông phối hợp với lực lượng cảnh sát giao thông lập chốt, "
                "tuần tra ban đêm và dịp cuối tuần trên đường Quang Trung; đã giải tán 6 nhóm tụ tập, tạm giữ 15 xe mô "
                "tô, xử lý 21 trường hợp đua xe, cổ vũ đua xe trái phép và thông báo về gia đình, nhà trường. Từ giữa "
                "tháng 7/2026 đến nay không còn tình trạng đua xe trên tuyến đường.",
    },
    "Cải tạo công viên Cầu Giấy, bổ sung thiết bị tập luyện, nhà vệ sinh": {
        "category": "explained",
        "text": "Công viên Cầu Giấy đã được Thành phố đưa vào danh mục cải tạo, chỉnh trang công viên giai đoạn "
                "2026 - 2030; trong năm 2026, UBND phường đã lắp bổ sung 12 thiết bị tập thể dục ngoài trời và sửa "
                "chữa nhà vệ sinh công cộng hiện có. Việc cải tạo tổng thể, xây thêm nhà vệ sinh được thực hiện theo "
                "kế hoạch vốn Thành phố giao.",
    },
    "Đầu tư hệ thống thoát nước, chống ngập khu vực Thạch Bàn, Cự Khối": {
        "category": "resolved",
        "text": "Công ty đã nạo vét toàn bộ mương tiêu và cống thoát nước khu vực Thạch Bàn, Cự Khối, lắp đặt trạm bơm "
                "dã chiến công suất 2.000 m³/giờ tại điểm trũng trên đường Cự Khối, vận hành từ tháng 11/2026; trong "
                "đợt mưa lớn vừa qua, khu vực không còn ngập sâu. Kết quả đã được thông báo tới UBND phường Long Biên.",
    },
    "Công khai kế hoạch thu hồi đất, tái định cư dự án mở rộng sân bay Nội Bài": {
        "category": "cannot_resolve",
        "text": "Dự án mở rộng Cảng hàng không quốc tế Nội Bài do cơ quan Trung ương quản lý; ranh giới, diện tích đất "
                "thu hồi đang được hoàn thiện, chưa được cấp có thẩm quyền phê duyệt nên UBND xã chưa có cơ sở công "
                "khai kế hoạch thu hồi đất và phương án tái định cư. UBND xã sẽ công khai ngay khi có quyết định phê "
                "duyệt và tổ chức đối thoại với các hộ dân.",
    },
    "Quản lý hoạt động tín ngưỡng, chấn chỉnh đốt vàng mã tại đền, phủ": {
        "category": "resolved",
        "text": "Sở đã phối hợp với UBND phường Hoàn Kiếm kiểm tra các đền, phủ trên địa bàn, yêu cầu ban quản lý di "
                "tích niêm yết nội quy, bố trí nơi hóa vàng tập trung và không để diễn ra dịch vụ lên đồng thu tiền; "
                "đã lập biên bản 3 cơ sở vi phạm. Tình trạng đốt vàng mã tràn lan tại các đền, phủ đã được chấn chỉnh.",
    },
    # Answered only on a day the demo's due-soon pick (which depends on the day it is seeded) leaves it alone.
    "Khắc phục cột điện nghiêng, dây võng thấp sau bão ở thôn Đông": {
        "category": "resolved",
        "text": "Tổng công ty đã chỉ đạo Điện lực khu vực thay mới cột điện hạ thế bị nghiêng ở đầu thôn Đông, căng lại "
                "dây dẫn bảo đảm khoảng cách an toàn tới mặt đường và kiểm tra toàn tuyến lưới điện hạ thế của thôn "
                "sau bão; việc khắc phục hoàn thành trong ngày.",
    },
}

REVIEW_REASONS = [
    "Trả lời chung chung, chưa nêu rõ thời gian hoàn thành",
    "Chưa trả lời đúng trọng tâm nội dung cử tri kiến nghị",
    "Chưa nêu rõ lộ trình, nguồn lực và đơn vị chịu trách nhiệm thực hiện",
    "Nội dung trả lời lặp lại văn bản kỳ trước, chưa cập nhật kết quả mới",
    "Chưa có ý kiến của cơ quan phối hợp",
    "Cử tri chưa đồng tình với nội dung trả lời, đề nghị kiểm tra lại thực tế",
    "Văn bản trả lời chưa được lãnh đạo đơn vị ký ban hành",
]

RETURN_REASONS = [
    "Nội dung kiến nghị thuộc thẩm quyền giải quyết của UBND cấp xã theo phân cấp",
    "Nội dung thuộc thẩm quyền của cơ quan Trung ương, đề nghị chuyển Đoàn đại biểu Quốc hội Thành phố",
    "Công trình do doanh nghiệp quản lý, vận hành; đề nghị chuyển đơn vị quản lý",
    "Nhiệm vụ đã được chuyển giao cho cơ quan khác sau khi sắp xếp tổ chức bộ máy",
    "Đơn vị không được giao quản lý tuyến đường, địa bàn mà cử tri phản ánh",
]

SET_ASIDE_REASONS = [
    "Ý kiến mang tính phản ánh, bày tỏ quan điểm, không có nội dung đề nghị cụ thể",
    "Nội dung khiếu nại, hướng dẫn công dân thực hiện theo Luật Khiếu nại",
    "Nội dung tố cáo, chuyển cơ quan có thẩm quyền xử lý theo Luật Tố cáo",
    "Vụ việc đang được Tòa án nhân dân thụ lý, giải quyết",
    "Nội dung đã được giải trình trực tiếp tại hội nghị tiếp xúc cử tri",
]
