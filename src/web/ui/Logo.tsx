/** The Corridor mark (a corridor in one-point perspective) and wordmark. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#0b6e6e" />
      <path d="M6 6 L12.5 12.5 M26 6 L19.5 12.5 M6 26 L12.5 19.5 M26 26 L19.5 19.5" stroke="#7fd1c7" strokeWidth="1.6" strokeLinecap="round" />
      <rect x="6" y="6" width="20" height="20" rx="2.5" fill="none" stroke="#ffffff" strokeWidth="2" />
      <rect x="12.5" y="12.5" width="7" height="7" rx="1" fill="#ffffff" />
    </svg>
  );
}

export function Logo({ size = 28, inverse = false }: { size?: number; inverse?: boolean }) {
  return (
    <span className="logo" style={{ color: inverse ? '#fff' : 'var(--c-ink)' }}>
      <LogoMark size={size} />
      <span className="logo-word" style={{ fontSize: Math.round(size * 0.66) }}>
        Corridor
      </span>
    </span>
  );
}
