/**
 * Small drawn icons for buttons too narrow for a word. Drawn rather than emoji: station PCs (and
 * our test machines) often have no colour-emoji font, and a missing glyph shows as an empty box.
 * Each icon is decorative (aria-hidden): its button carries the words in aria-label and title.
 */

/** A loudspeaker; crossed out when the sound is off. */
export function SpeakerIcon({ muted }: { muted: boolean }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M2 6h3l4-3.5v11L5 10H2z" fill="currentColor" />
      {muted ? (
        <path d="M11 5.5l4 5M15 5.5l-4 5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      ) : (
        <path
          d="M11.2 5.2a4 4 0 0 1 0 5.6M13.2 3.5a6.5 6.5 0 0 1 0 9"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          strokeLinecap="round"
        />
      )}
    </svg>
  );
}

/** A bell: the notifications. */
export function BellIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path
        d="M8 1.5a1 1 0 0 1 1 1v.6a4.5 4.5 0 0 1 3.5 4.4v2.8l1.3 1.6a.5.5 0 0 1-.4.8H2.6a.5.5 0 0 1-.4-.8l1.3-1.6V7.5A4.5 4.5 0 0 1 7 3.1v-.6a1 1 0 0 1 1-1z"
        fill="currentColor"
      />
      <path d="M6.3 13.6a1.8 1.8 0 0 0 3.4 0z" fill="currentColor" />
    </svg>
  );
}
