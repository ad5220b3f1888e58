/**
 * Errors cross every boundary (IPC, WebSocket, CLI) as plain `{ code, message, technical? }`.
 * `message` is Vietnamese and written for station staff: what went wrong and what to do, in their
 * words (no program names, commands, settings variables or error codes). `technical` holds what a
 * program said, for whoever looks after the PC: the UI shows it behind "Chi tiết kỹ thuật", the
 * router logs it.
 */
export const ERROR_CODES = [
  'BAD_MESSAGE',
  'UNKNOWN_CALL',
  'INVALID_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'STORE_CORRUPT',
  'STORE_TOO_NEW',
  'INTERNAL',
  'MEDIA_UNREADABLE',
  'MEDIA_NOT_AUDIO',
  'MEDIA_EMPTY',
  'MEDIA_CORRUPT',
  'MEDIA_UNSUPPORTED',
  'DISK_FULL',
  'FFMPEG_MISSING',
  'CANCELLED',
  'EDIT_NOT_FOUND',
  'EDIT_RANGE',
  'EDIT_EMPTY',
  'EDIT_CLIPBOARD_EMPTY',
  'EDIT_CLIPBOARD_TOO_LONG',
  'EDIT_ASSET_DELETED',
  'EDIT_SOURCE_MISSING',
  'EDIT_RENDER_FAILED',
  'EDIT_EXPORT_PATH',
  'EDIT_EXPORT_EXISTS',
  'PROGRAMME_NOT_FOUND',
  'PROGRAMME_TEMPLATE_NOT_FOUND',
  'PROGRAMME_EMPTY',
  'PROGRAMME_TOO_LONG',
  'PROGRAMME_OVERLAP',
  'PROGRAMME_PLACEHOLDER',
  'PROGRAMME_SOURCE_MISSING',
  'PROGRAMME_RANGE',
  'PROGRAMME_FILE_INVALID',
  'PROGRAMME_RENDER_FAILED',
  'PROGRAMME_LOUDNESS',
  'PROGRAMME_ENCODED_PEAK',
  'PROGRAMME_TRACK_KIND',
  // Trash and user-given paths.
  'NOT_IN_TRASH',
  'PROGRAMME_IN_TRASH',
  'PATH_NOT_ALLOWED',
  // Bounds on work and on programs the studio runs.
  'BUSY',
  'FFMPEG_NOT_VERIFIED',
  // The audit log could not record a change.
  'AUDIT_UNAVAILABLE',
  // Accounts.
  'SIGN_IN_FAILED',
  'SIGN_IN_THROTTLED',
  'SESSION_LOCKED',
  'PASSWORD_WEAK',
  'PASSWORD_CHANGE_REQUIRED',
  // Approval.
  'PROGRAMME_STATE',
  'PROGRAMME_NOT_APPROVED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface StudioErrorShape {
  code: ErrorCode;
  message: string;
  /** Machine-readable detail (for example which fields were invalid); never needed to understand `message`. */
  details?: unknown;
  /** What a program said (ffmpeg's last lines, an errno, a command to run): for a technician. */
  technical?: string;
}

/** Default user-facing wording for each code, used when a service gives no more specific message. */
export const DEFAULT_ERROR_MESSAGES: Record<ErrorCode, string> = {
  BAD_MESSAGE: 'Yêu cầu không đúng định dạng nên không được xử lý.',
  UNKNOWN_CALL: 'Studio không có chức năng được yêu cầu. Hãy cập nhật phần mềm.',
  INVALID_REQUEST: 'Dữ liệu gửi lên không hợp lệ.',
  UNAUTHORIZED: 'Phiên làm việc không hợp lệ hoặc đã hết hạn. Hãy mở lại studio.',
  FORBIDDEN: 'Tài khoản của bạn không có quyền thực hiện việc này.',
  NOT_FOUND: 'Không tìm thấy mục được yêu cầu.',
  CONFLICT: 'Dữ liệu đã bị thay đổi ở nơi khác. Hãy tải lại rồi thử lại.',
  UNAVAILABLE: 'Chức năng tạm thời không dùng được.',
  STORE_CORRUPT: 'Tệp dữ liệu bị hỏng và không khôi phục được từ bản sao lưu.',
  STORE_TOO_NEW: 'Dữ liệu được tạo bởi phiên bản studio mới hơn. Hãy cập nhật phần mềm.',
  INTERNAL: 'Đã xảy ra lỗi không mong muốn. Dữ liệu của bạn không bị thay đổi; hãy thử lại.',
  MEDIA_UNREADABLE: 'Không đọc được tệp. Hãy kiểm tra tệp còn đó và bạn có quyền mở nó.',
  MEDIA_NOT_AUDIO: 'Tệp không chứa âm thanh. Hãy chọn tệp ghi âm hoặc video có tiếng.',
  MEDIA_EMPTY: 'Tệp không có âm thanh (trống hoặc dài 0 giây). Hãy kiểm tra lại bản ghi.',
  MEDIA_CORRUPT: 'Tệp bị hỏng nên không đọc được âm thanh. Hãy chép lại tệp từ máy ghi âm hoặc điện thoại.',
  MEDIA_UNSUPPORTED:
    'Studio chưa đọc được định dạng âm thanh này. Hãy chuyển tệp sang WAV hoặc MP3 rồi nhập lại.',
  DISK_FULL: 'Ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi thử lại.',
  FFMPEG_MISSING:
    'Máy này chưa có ffmpeg, phần mềm xử lý âm thanh mà studio cần. Hãy mở màn hình Hệ thống để xem cách cài, hoặc nhờ người quản trị máy cài giúp.',
  CANCELLED: 'Đã huỷ theo yêu cầu.',
  EDIT_NOT_FOUND: 'Không tìm thấy bản biên tập này. Có thể nó đã bị xoá; hãy mở lại tệp từ thư viện.',
  EDIT_RANGE: 'Đoạn chọn nằm ngoài phần âm thanh đang biên tập. Hãy chọn lại.',
  EDIT_EMPTY: 'Bản biên tập không còn âm thanh nào. Hãy hoàn tác (Ctrl+Z) hoặc chèn âm thanh.',
  EDIT_CLIPBOARD_EMPTY:
    'Bộ nhớ tạm đang trống. Hãy chọn một đoạn rồi sao chép (Ctrl+C) hoặc cắt (Ctrl+X) trước khi dán.',
  EDIT_CLIPBOARD_TOO_LONG: 'Đoạn âm thanh dài quá mức bộ nhớ tạm cho phép (30 phút) nên không dán được.',
  EDIT_ASSET_DELETED: 'Bản biên tập dùng một tệp âm thanh đã bị xoá khỏi thư viện hoặc đang ở thùng rác.',
  EDIT_SOURCE_MISSING:
    'Không tìm thấy tệp âm thanh gốc trong thư mục dữ liệu. Hãy khôi phục thư mục dữ liệu từ bản sao lưu.',
  EDIT_RENDER_FAILED:
    'Không dựng được âm thanh của bản biên tập. Hãy thử lại; nếu vẫn lỗi, hãy mở màn hình Hệ thống để kiểm tra máy.',
  EDIT_EXPORT_PATH: 'Không ghi được tệp xuất vào đường dẫn này. Hãy chọn thư mục và tên tệp khác.',
  EDIT_EXPORT_EXISTS: 'Đã có một tệp trùng tên ở đó. Hãy đặt tên khác, hoặc xác nhận ghi đè lên tệp cũ.',
  PROGRAMME_NOT_FOUND:
    'Không tìm thấy chương trình này. Có thể nó đã bị xoá; hãy tải lại danh sách chương trình.',
  PROGRAMME_TEMPLATE_NOT_FOUND:
    'Không tìm thấy mẫu chương trình này. Có thể nó đã bị xoá; hãy tải lại danh sách mẫu.',
  PROGRAMME_EMPTY: 'Chương trình chưa có mục nào có âm thanh. Hãy thêm tin, bài hoặc nhạc rồi dựng lại.',
  PROGRAMME_TOO_LONG: 'Chương trình dài quá 3 giờ. Có thể một mục bị đặt nhầm vị trí; hãy kiểm tra lại.',
  PROGRAMME_OVERLAP:
    'Hai mục trên cùng một rãnh chồng lên nhau. Hãy dời một mục, hoặc đặt độ dài “Chuyển tiếp với mục trước” cho mục sau.',
  PROGRAMME_PLACEHOLDER:
    'Chương trình còn ô trống chưa có âm thanh. Hãy đưa âm thanh vào ô trống hoặc xoá ô đó.',
  PROGRAMME_SOURCE_MISSING:
    'Một mục của chương trình dùng âm thanh không còn trong thư viện hoặc bản biên tập đã bị xoá.',
  PROGRAMME_RANGE:
    'Điểm cắt của một mục nằm ngoài âm thanh nguồn. Hãy chỉnh lại điểm đầu, điểm cuối của mục đó.',
  PROGRAMME_FILE_INVALID: 'Tệp chương trình không đúng định dạng của studio hoặc đã bị hỏng.',
  PROGRAMME_RENDER_FAILED:
    'Không dựng được chương trình. Chương trình không bị ảnh hưởng; hãy thử lại, nếu vẫn lỗi hãy mở màn hình Hệ thống để kiểm tra máy.',
  PROGRAMME_LOUDNESS: 'Không đưa được độ lớn của chương trình về mức chuẩn. Không có tệp nào được ghi.',
  PROGRAMME_ENCODED_PEAK:
    'Tệp MP3 hoặc Opus sau khi nén vẫn có đỉnh thực vượt mức trần cho phép. Không có tệp nào được ghi. ' +
    'Hãy chọn tốc độ bit cao hơn, hoặc giảm bớt âm cao chói trong các mục, rồi dựng lại.',
  PROGRAMME_TRACK_KIND:
    'Đoạn này không đặt được trên loại rãnh đó: lời nói đặt trên rãnh giọng đọc, nhạc và nhạc hiệu đặt trên rãnh nhạc nền hoặc nhạc hiệu.',
  // Trash and user-given paths.
  NOT_IN_TRASH: 'Chỉ xoá vĩnh viễn được mục đang nằm trong thùng rác. Hãy chuyển nó vào thùng rác trước.',
  PROGRAMME_IN_TRASH:
    'Chương trình này đang nằm trong thùng rác. Hãy khôi phục nó (Chương trình → Thùng rác → Khôi phục) rồi làm tiếp.',
  PATH_NOT_ALLOWED:
    'Studio chỉ lưu tệp vào thư mục cá nhân, thư mục xuất của studio hoặc ổ USB đang cắm. Hãy bấm "Chọn thư mục…" để chọn nơi lưu.',
  // Bounds on work and on programs the studio runs.
  BUSY: 'Studio đang nhận quá nhiều yêu cầu cùng lúc nên chưa làm việc này. Hãy đợi vài giây rồi thử lại.',
  FFMPEG_NOT_VERIFIED:
    'Tệp đã chọn không phải là chương trình ffmpeg nên studio không dùng nó. Hãy chọn tệp ffmpeg (thường là /usr/bin/ffmpeg), hoặc bấm "Tự tìm".',
  AUDIT_UNAVAILABLE:
    'Studio không ghi được nhật ký kiểm tra nên tạm ngừng nhận mọi thay đổi. Hãy báo người phụ trách máy ' +
    '(ổ đĩa có thể đã đầy hoặc thư mục dữ liệu không ghi được).',
  SIGN_IN_FAILED:
    'Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra lại (chú ý chữ hoa, chữ thường và bộ gõ tiếng Việt).',
  SIGN_IN_THROTTLED: 'Đã nhập sai mật khẩu nhiều lần. Hãy đợi một lúc rồi thử lại.',
  SESSION_LOCKED: 'Studio đang khoá vì lâu không dùng. Hãy nhập mật khẩu để mở khoá.',
  PASSWORD_WEAK: 'Mật khẩu phải dài ít nhất 8 ký tự.',
  PASSWORD_CHANGE_REQUIRED:
    'Mật khẩu của bạn vừa được quản trị viên đặt lại. Hãy đăng nhập studio và đổi sang mật khẩu của riêng bạn trước khi làm việc.',
  PROGRAMME_STATE:
    'Chương trình không ở trạng thái cho phép việc này. Hãy tải lại để xem trạng thái mới nhất.',
  PROGRAMME_NOT_APPROVED:
    'Âm thanh này chưa được lãnh đạo duyệt (hoặc đã thay đổi sau khi duyệt) nên không được gửi đi hay phát sóng.',
};

/** Thrown by services; the router turns it into a `StudioErrorShape`. */
export class StudioError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly technical?: string;

  constructor(code: ErrorCode, message?: string, details?: unknown, technical?: string) {
    super(message ?? DEFAULT_ERROR_MESSAGES[code]);
    this.name = 'StudioError';
    this.code = code;
    this.details = details;
    if (technical?.trim()) this.technical = technical.trim();
  }

  toShape(): StudioErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.technical === undefined ? {} : { technical: this.technical }),
    };
  }
}

/** Where the studio looks for ffmpeg and how to install it: for a technician. */
export const FFMPEG_SEARCH =
  'ffmpeg được tìm theo thứ tự: đường dẫn trong Cài đặt, biến môi trường FFMPEG_BIN, gói ffmpeg-static, ' +
  'rồi ffmpeg trên PATH. Cài trên Debian/Ubuntu: sudo apt-get install ffmpeg. Kiểm tra máy: studio doctor.';

/**
 * ffmpeg was not found: what could not be done (`couldNot`, e.g. "chưa nhập được âm thanh"), and
 * where staff see how to install it. Where the studio looks goes in the technical detail.
 */
export function ffmpegMissingError(couldNot: string): StudioError {
  return new StudioError(
    'FFMPEG_MISSING',
    `Máy này chưa có ffmpeg, phần mềm xử lý âm thanh mà studio cần, nên ${couldNot}. ` +
      'Hãy mở màn hình Hệ thống để xem cách cài, hoặc nhờ người quản trị máy cài giúp.',
    undefined,
    FFMPEG_SEARCH,
  );
}

export function isStudioErrorShape(value: unknown): value is StudioErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && (ERROR_CODES as readonly string[]).includes(v.code as string);
}
