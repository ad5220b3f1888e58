/** Vietnamese: the studio's first language. Every key here must exist in en.ts (checked by type). */
export const vi = {
  app: {
    title: 'Studio Truyền thanh',
    subtitle: 'Thu, biên tập và phát chương trình phát thanh',
    language: 'Ngôn ngữ giao diện',
    reconnecting: 'Mất kết nối với studio. Đang kết nối lại…',
    loading: 'Đang tải…',
  },
  nav: {
    label: 'Khu làm việc',
    system: 'Hệ thống',
  },
  system: {
    title: 'Hệ thống',
    intro: 'Những gì studio cần trên máy này, những gì đã tìm thấy, và việc cần làm nếu còn thiếu.',
    refresh: 'Kiểm tra lại',
    checking: 'Đang kiểm tra…',
    ready: 'Sẵn sàng làm việc',
    notReady: 'Chưa sẵn sàng: hãy xử lý các mục “Thiếu” bên dưới',
    checkedAt: 'Kiểm tra lúc {{time}}',
    components: 'Thành phần',
    column: {
      component: 'Thành phần',
      status: 'Trạng thái',
      version: 'Phiên bản',
      path: 'Đường dẫn',
      advice: 'Hướng dẫn',
    },
    status: { ok: 'Tốt', warning: 'Chú ý', missing: 'Thiếu' },
    required: 'bắt buộc',
    source: 'tìm qua {{source}}',
    check: {
      ffmpeg: 'ffmpeg (xử lý âm thanh)',
      sox: 'SoX (thu âm)',
      icecast2: 'Icecast (phát trực tiếp)',
      chromium: 'Chromium (chế độ web)',
      pulseaudio: 'PulseAudio (thiết bị âm thanh)',
      dataDir: 'Thư mục dữ liệu',
    },
    dataDir: 'Thư mục dữ liệu',
    dataDirHint:
      'Thư viện âm thanh, chương trình và cơ sở dữ liệu của đài nằm ở đây. Hãy sao lưu thư mục này định kỳ.',
    free: 'Còn trống {{free}} trên {{total}}',
    writable: 'Ghi được',
    notWritable: 'Không ghi được',
    about: 'Thông tin phần mềm',
    version: 'Phiên bản',
    host: 'Chế độ chạy',
    hostKind: { electron: 'Ứng dụng máy tính', web: 'Trình duyệt (web)', cli: 'Dòng lệnh' },
    platform: 'Hệ điều hành',
    advice: {
      ffmpeg:
        'Không tìm thấy ffmpeg hoặc ffmpeg không chạy: cài bằng lệnh sudo apt-get install ffmpeg, hoặc chỉ đường dẫn bên dưới.',
      sox: 'Cài SoX để thu âm: sudo apt-get install sox libsox-fmt-all.',
      icecast2: 'Cài Icecast để phát trực tiếp: sudo apt-get install icecast2.',
      chromium: 'Cài Chromium cho chế độ web: sudo apt-get install chromium.',
      pulseaudio: 'Cài PulseAudio để chọn thiết bị thu: sudo apt-get install pulseaudio.',
      dataDir:
        'Thư mục dữ liệu không ghi được hoặc sắp đầy: giải phóng dung lượng hoặc chọn thư mục khác (--data).',
    },
  },
  settings: {
    title: 'Cài đặt',
    ffmpegPath: 'Đường dẫn ffmpeg',
    ffmpegPathHint: 'Để trống để studio tự tìm (FFMPEG_BIN, ffmpeg đi kèm, rồi PATH).',
    ffmpegPathPlaceholder: 'Tự tìm',
    save: 'Lưu',
    auto: 'Tự tìm',
    saved: 'Đã lưu cài đặt.',
  },
  errors: {
    generic: 'Đã xảy ra lỗi',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof vi>;
