import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { SecretField } from '../../ui/SecretField.tsx';
import type { WebhookWithSecret } from './queries.ts';

const VERIFY = `import { createHmac, timingSafeEqual } from 'node:crypto';

// header: the Corridor-Signature header; body: the raw request body, as received.
function verify(secret, header, body) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  if (Math.abs(Date.now() / 1000 - Number(parts.t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(\`\${parts.t}.\${body}\`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}`;

/** The signing secret, once (on creation or rotation), with how a receiver checks a signature. */
export function CreatedSecret({ created, rotated, onDone }: { created: WebhookWithSecret; rotated: boolean; onDone: () => void }) {
  const slack = created.webhook.kind === 'slack';
  return (
    <Card title={rotated ? `New secret for “${created.webhook.name}”` : `Webhook “${created.webhook.name}” created`} data-testid="webhook-secret-card">
      <div className="stack">
        <Alert tone="warning" title="Copy the signing secret now: you will not see it again.">
          {rotated ? 'The old secret no longer signs anything. ' : ''}If it is lost, rotate it and give your receiver the new one.
        </Alert>
        <SecretField value={created.secret} label="Signing secret" testId="webhook-secret" />
        {slack ? (
          <p className="small muted">Slack does not check signatures: the secret part of a Slack webhook is its URL, so keep that private.</p>
        ) : (
          <div className="stack webhook-verify">
            <p className="small">
              Every post carries <code className="mono">Corridor-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, the HMAC-SHA256 of <code className="mono">&lt;t&gt;.&lt;raw body&gt;</code> keyed with
              this secret. Check it before trusting the body, refuse an old <code className="mono">t</code>, and keep <code className="mono">Corridor-Event-Id</code> to ignore a repeat.
            </p>
            <pre className="webhook-code mono" data-testid="webhook-verify-code">{VERIFY}</pre>
          </div>
        )}
        <div>
          <Button onClick={onDone} data-testid="webhook-secret-done">
            I have stored the secret
          </Button>
        </div>
      </div>
    </Card>
  );
}
