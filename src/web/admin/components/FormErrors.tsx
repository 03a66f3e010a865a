import { Alert } from '../../ui/Feedback.tsx';
import { errorMessage } from '../api.ts';

/** A form's errors that belong to no field: the server's other issues, or the request failing as a whole. */
export function FormErrors({ issues, error, showGeneral, what }: { issues: { path: string; message: string }[]; error: unknown; showGeneral: boolean; what: string }) {
  return (
    <>
      {issues.length > 0 && (
        <Alert tone="error" title="Please check the form.">
          <ul>
            {issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>{i.path ? `${i.path}: ${i.message}` : i.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      {showGeneral && (
        <Alert tone="error" title={`Could not create the ${what}.`}>
          {errorMessage(error)}
        </Alert>
      )}
    </>
  );
}
