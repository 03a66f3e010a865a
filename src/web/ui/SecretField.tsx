import { CopyButton } from './CopyButton.tsx';

/**
 * A secret shown once (an API key, a generated password): read-only, selectable, with a Copy button.
 * Never a link, so it is not sent anywhere by a click.
 */
export function SecretField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <div className="copy-box secret-box">
      <input
        className="secret-value mono"
        readOnly
        value={value}
        aria-label={label}
        data-testid={testId}
        spellCheck={false}
        autoComplete="off"
        onFocus={(e) => e.currentTarget.select()}
      />
      <span className="copy-actions">
        <CopyButton value={value} />
      </span>
    </div>
  );
}
