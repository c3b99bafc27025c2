/**
 * The names residents use for the catalogue procedures they ask about most,
 * added by hand to the aliases generated from the official names (national
 * code → phrases, typed the way people type; accents optional). Written from
 * how people talk at the one-stop desk, not from any evaluation question.
 * Administrators add more from the unanswered questions; those live in the
 * YAML and are kept on re-import.
 */
export const RESIDENT_ALIASES: Record<string, string[]> = {
  // Hộ tịch có yếu tố nước ngoài
  '2.000528': [
    'khai sinh cho con lai',
    'khai sinh cho con có bố là người nước ngoài',
    'khai sinh cho con có mẹ là người nước ngoài',
    'làm giấy khai sinh cho con Việt kiều',
  ],
  '2.000806': [
    'kết hôn với người nước ngoài',
    'lấy chồng nước ngoài',
    'lấy vợ nước ngoài',
    'đăng ký kết hôn với Việt kiều',
  ],
  '1.001766': ['khai tử cho người nước ngoài', 'báo tử người nước ngoài mất tại Việt Nam'],
  '2.000779': ['nhận con với người nước ngoài', 'nhận cha cho con có bố là người nước ngoài'],
  // Nuôi con nuôi, giám hộ
  '2.001263': [
    'nhận con nuôi',
    'xin con nuôi',
    'làm thủ tục nhận nuôi con',
    'nhận nuôi cháu làm con nuôi',
    'nhận con riêng của vợ làm con nuôi',
    'nhận con riêng của chồng làm con nuôi',
  ],
  '2.001255': ['làm lại giấy nhận con nuôi', 'đăng ký lại việc nhận con nuôi'],
  '1.004845': ['chấm dứt giám hộ', 'hết giám hộ khi cháu đủ 18 tuổi'],
  // Người có công
  '1.010774': ['cấp bằng tổ quốc ghi công', 'làm bằng liệt sĩ', 'xin bằng tổ quốc ghi công cho liệt sĩ'],
  // Nghĩa vụ quân sự
  '1.013133': ['đăng ký nghĩa vụ quân sự', 'đăng ký nghĩa vụ quân sự tuổi 17', 'đăng ký nvqs', 'đăng ký đi nghĩa vụ'],
  '1.013138': ['đi làm xa có phải báo nghĩa vụ quân sự', 'tạm vắng nghĩa vụ quân sự'],
  '1.013134': ['chuyển nơi đăng ký nghĩa vụ quân sự', 'chuyển nghĩa vụ quân sự khi chuyển nhà'],
  // Cư trú
  '1.010039': [
    'thay đổi chủ hộ',
    'đổi chủ hộ',
    'chuyển chủ hộ',
    'đứng tên chủ hộ',
    'sửa thông tin cư trú',
    'điều chỉnh thông tin hộ khẩu',
  ],
  '1.002755': ['gia hạn tạm trú', 'hết hạn tạm trú', 'tạm trú sắp hết hạn'],
  // Bảo hiểm y tế, bảo hiểm xã hội
  '1.002759': [
    'đổi nơi khám chữa bệnh ban đầu',
    'đổi nơi đăng ký khám chữa bệnh ban đầu',
    'cấp lại thẻ bảo hiểm y tế',
    'mất thẻ bảo hiểm y tế',
    'đổi thẻ bảo hiểm y tế',
    'sửa thông tin thẻ bảo hiểm y tế',
    'cấp lại sổ bảo hiểm xã hội',
  ],
  '1.001939': [
    'mua bảo hiểm y tế',
    'mua bảo hiểm y tế hộ gia đình',
    'làm thẻ bảo hiểm y tế',
    'tham gia bảo hiểm y tế',
    'thẻ bảo hiểm y tế',
    'đóng bảo hiểm y tế',
    'mức đóng bảo hiểm y tế',
  ],
  '1.002179': ['đóng bảo hiểm xã hội tự nguyện', 'tham gia bảo hiểm xã hội tự nguyện', 'mua bảo hiểm xã hội tự nguyện'],
  '1.001656': ['thanh toán trực tiếp tiền khám chữa bệnh bảo hiểm y tế', 'xin lại tiền khám chữa bệnh bảo hiểm y tế'],
  '1.001613': ['rút bảo hiểm xã hội một lần', 'nhận bảo hiểm xã hội một lần', 'lấy bảo hiểm một lần'],
  '2.000693': ['hưởng chế độ thai sản', 'nhận tiền thai sản', 'làm hồ sơ thai sản'],
  '1.001667': ['hưởng chế độ ốm đau', 'nhận tiền nghỉ ốm bảo hiểm xã hội'],
  '2.000821': ['hưởng chế độ tử tuất', 'tiền tuất', 'trợ cấp tuất', 'nhận tiền mai táng bảo hiểm xã hội'],
  '2.000740': [
    'nhận lương hưu qua tài khoản',
    'chuyển nhận lương hưu qua ngân hàng',
    'nhận lương hưu',
    'lĩnh lương hưu',
    'nhận lương hưu bằng tiền mặt',
  ],
  // Xe
  '1.013067': ['đăng ký xe máy mới mua', 'đăng ký xe mới', 'bấm biển số xe', 'làm biển số xe'],
  '1.013076': ['sang tên xe máy', 'sang tên xe', 'đổi chủ xe', 'mua xe cũ sang tên'],
  '1.013080': ['mất giấy đăng ký xe', 'cấp lại cà vẹt xe', 'mất cà vẹt xe'],
};
