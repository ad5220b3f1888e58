/**
 * Library records for benchmarks: asset-shaped, with Vietnamese (and some Tày and Mông) text a
 * station would write, from a seeded generator, so every run measures the same 100,000 records.
 */
import type { Asset } from '../src-main/contract';
import { SeededRandom } from '../tests/support/seeded-random';

const TOPICS = [
  'Bản tin thời sự',
  'Bản tin sáng',
  'Bản tin chiều',
  'Chương trình phát thanh',
  'Phóng sự',
  'Phỏng vấn',
  'Chuyên mục',
  'Tọa đàm',
  'Thông báo',
  'Tin tức',
  'Ca nhạc theo yêu cầu',
  'Truyện đọc đêm khuya',
  'Tiếng nói nông thôn',
  'Bản tin tiếng Tày',
  'Bản tin tiếng Mông',
];
const SUBJECTS = [
  'Nông nghiệp',
  'Y tế',
  'Giáo dục',
  'Giao thông',
  'An ninh trật tự',
  'Văn hoá',
  'Thể thao',
  'Môi trường',
  'Kinh tế',
  'Xây dựng nông thôn mới',
  'Phòng chống thiên tai',
  'Dân số',
  'Pháp luật',
  'Quốc phòng',
];
const THINGS = [
  'trồng lúa nước',
  'tiêm chủng mở rộng',
  'phòng chống sốt xuất huyết',
  'đường liên xã',
  'mùa vụ đông xuân',
  'chăn nuôi lợn',
  'cà phê Đắk Lắk',
  'bầu cử đại biểu',
  'khai giảng năm học',
  'bảo hiểm y tế',
  'lũ quét ở Lào Cai',
  'hạn hán miền Trung',
  'an toàn thực phẩm',
  'điện lưới quốc gia',
  'nước sạch nông thôn',
  'chuyển đổi số',
  'giảm nghèo bền vững',
  'lễ hội đền Hùng',
  'tết Nguyên Đán',
  'phòng cháy chữa cháy',
  'đánh bắt hải sản',
  'trồng rừng phòng hộ',
  'dịch tả lợn châu Phi',
  'xuất khẩu lao động',
  'chợ phiên vùng cao',
  'hợp tác xã chè',
  'thanh niên tình nguyện',
  'người cao tuổi',
  'bình đẳng giới',
  'ma tuý học đường',
];
const PLACES = [
  'Hà Giang',
  'Cao Bằng',
  'Lạng Sơn',
  'Tuyên Quang',
  'Điện Biên',
  'Lai Châu',
  'Sơn La',
  'Yên Bái',
  'Thái Nguyên',
  'Bắc Kạn',
  'Đắk Nông',
  'Gia Lai',
  'Kon Tum',
  'Quảng Trị',
  'Nghệ An',
  'Thanh Hoá',
  'Đồng Tháp',
  'Cà Mau',
  'xã Phú Lương',
  'phường Đông Hưng',
  'thị trấn Mường Tè',
];
const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Lò',
  'Giàng',
  'Sùng',
  'Nông',
  'Ma',
];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Hữu', 'Thu', 'Quốc', 'A', 'Seo'];
const GIVEN = [
  'Lan',
  'Hùng',
  'Sơn',
  'Hương',
  'Dũng',
  'Mai',
  'Tuấn',
  'Hoa',
  'Thắng',
  'Đức',
  'Phương',
  'Chiến',
  'Dính',
  'Páo',
  'Mỷ',
  'Thảo',
  'Vàng',
  'Khánh',
];
const TAGS = [
  'lúa',
  'mùa vụ',
  'y tế',
  'trẻ em',
  'phụ nữ',
  'thanh niên',
  'vùng cao',
  'biên giới',
  'bầu cử',
  'thiên tai',
  'dân tộc',
  'văn nghệ',
  'nhạc',
  'quảng cáo',
  'thông báo khẩn',
];
const NOTES = [
  'Đọc chậm, rõ từng câu.',
  'Phát lại vào buổi tối thứ bảy.',
  'Bản thu ngoài hiện trường, có tiếng gió.',
  'Cần duyệt lại số liệu trước khi phát.',
  'Phát thanh viên đọc bằng tiếng Tày: slíp pjạ nhỉnh lồng.',
  'Lời tiếng Mông: Hmôngz zuôv tsêr ntxhais.',
  'Phối hợp với trạm y tế xã.',
  'Có trích lời chủ tịch Ủy ban nhân dân.',
  'Nhạc nền không lời, bản quyền của đài.',
];
const LANGUAGES = ['vie', 'vie', 'vie', 'vie', 'vie', 'vie', 'tyz', 'hnj', 'zxx', 'nut'];

const DAY = 86_400_000;
const FIRST = Date.UTC(2021, 0, 1);

export function personName(r: SeededRandom): string {
  return `${r.pick(FAMILY)} ${r.pick(MIDDLE)} ${r.pick(GIVEN)}`;
}

/** `n` assets, the same for the same seed; imported over five years, about 3% in the trash. */
export function generateAssets(n: number, seed: number): Asset[] {
  const r = new SeededRandom(seed);
  const out: Asset[] = [];
  for (let i = 0; i < n; i++) {
    // Imported one after the other: each a little after the one before.
    const step = Math.floor((5 * 365 * DAY) / n);
    const imported = FIRST + i * step + r.int(0, step - 1);
    const recorded = r.chance(0.8) ? imported - r.int(0, 10) * DAY : null;
    const title = `${r.pick(TOPICS)}: ${r.pick(THINGS)}${r.chance(0.5) ? ` ở ${r.pick(PLACES)}` : ''}`;
    const id = (i.toString(16).padStart(8, '0') + seed.toString(16).padStart(8, '0')).repeat(4);
    const tags = [...new Set(Array.from({ length: r.int(0, 3) }, () => r.pick(TAGS)))];
    const notes = Array.from({ length: r.int(0, 3) }, () => r.pick(NOTES)).join(' ');
    out.push({
      id,
      sha256: id,
      title,
      reporter: r.chance(0.9) ? personName(r) : '',
      language: r.pick(LANGUAGES),
      subject: r.pick(SUBJECTS),
      tags,
      notes,
      recordedAt: recorded === null ? null : new Date(recorded).toISOString().slice(0, 10),
      importedAt: new Date(imported).toISOString(),
      updatedAt: new Date(imported).toISOString(),
      originalName: `${title.slice(0, 40)}.mp3`,
      file: `library/${id.slice(0, 2)}/${id}.mp3`,
      sizeBytes: r.int(100_000, 40_000_000),
      format: 'mp3',
      codec: 'mp3',
      durationSec: r.int(20, 3600),
      sampleRate: 44_100,
      channels: r.int(1, 2),
      loudness: { integratedLufs: -16 - r.next() * 6, lraLu: 4 + r.next() * 6, peakDbfs: -1 - r.next() * 3 },
      source: r.chance(0.2) ? 'recording' : 'import',
      recovered: false,
      deletedAt: r.chance(0.03) ? new Date(imported + 30 * DAY).toISOString() : null,
      warning: null,
    });
  }
  return out;
}
