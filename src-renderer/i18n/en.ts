import type { Messages } from './vi';

/** English, the second language. */
export const en: Messages = {
  app: {
    title: 'Studio Truyền thanh',
    subtitle: 'Record, edit and broadcast radio programmes',
    language: 'Interface language',
    reconnecting: 'Lost the connection to the studio. Reconnecting…',
    loading: 'Loading…',
  },
  nav: {
    label: 'Workspaces',
    system: 'System',
  },
  system: {
    title: 'System',
    intro: 'What the studio needs on this machine, what it found, and what to do about anything missing.',
    refresh: 'Check again',
    checking: 'Checking…',
    ready: 'Ready to work',
    notReady: 'Not ready: deal with the “Missing” items below',
    checkedAt: 'Checked at {{time}}',
    components: 'Components',
    column: {
      component: 'Component',
      status: 'Status',
      version: 'Version',
      path: 'Path',
      advice: 'What to do',
    },
    status: { ok: 'Good', warning: 'Attention', missing: 'Missing' },
    required: 'required',
    source: 'found via {{source}}',
    check: {
      ffmpeg: 'ffmpeg (audio processing)',
      sox: 'SoX (recording)',
      icecast2: 'Icecast (live streaming)',
      chromium: 'Chromium (web mode)',
      pulseaudio: 'PulseAudio (audio devices)',
      dataDir: 'Data folder',
    },
    dataDir: 'Data folder',
    dataDirHint:
      "The station's audio library, programmes and database live here. Back this folder up regularly.",
    free: '{{free}} free of {{total}}',
    writable: 'Writable',
    notWritable: 'Not writable',
    about: 'About',
    version: 'Version',
    host: 'Running as',
    hostKind: { electron: 'Desktop app', web: 'Browser (web)', cli: 'Command line' },
    platform: 'Operating system',
    advice: {
      ffmpeg:
        'ffmpeg was not found or does not run: install it (sudo apt-get install ffmpeg) or set its path below.',
      sox: 'Install SoX to record: sudo apt-get install sox libsox-fmt-all.',
      icecast2: 'Install Icecast to stream live: sudo apt-get install icecast2.',
      chromium: 'Install Chromium for the web mode: sudo apt-get install chromium.',
      pulseaudio: 'Install PulseAudio to choose recording devices: sudo apt-get install pulseaudio.',
      dataDir:
        'The data folder is not writable or nearly full: free some space or choose another folder (--data).',
    },
  },
  settings: {
    title: 'Settings',
    ffmpegPath: 'ffmpeg path',
    ffmpegPathHint: 'Leave empty to let the studio find it (FFMPEG_BIN, the bundled ffmpeg, then PATH).',
    ffmpegPathPlaceholder: 'Find automatically',
    save: 'Save',
    auto: 'Find automatically',
    saved: 'Settings saved.',
  },
  errors: {
    generic: 'Something went wrong',
  },
};
