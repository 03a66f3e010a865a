import { Link } from '@tanstack/react-router';
import { canReadResponses, useUser } from '../session.ts';

/** Dashboard / Responses / Drivers tabs under a survey's header; the Responses tab only for roles that may read responses. */
export function SurveyTabs({ surveyId }: { surveyId: string }) {
  const user = useUser();
  return (
    <nav className="tabs" aria-label="Survey views">
      <Link to="/surveys/$id" params={{ id: surveyId }} className="tab" activeOptions={{ exact: true, includeSearch: false }} data-testid="tab-dashboard">
        Dashboard
      </Link>
      {canReadResponses(user.role) && (
        <Link to="/surveys/$id/responses" params={{ id: surveyId }} className="tab" data-testid="tab-responses">
          Responses
        </Link>
      )}
      <Link to="/surveys/$id/drivers" params={{ id: surveyId }} className="tab" data-testid="tab-drivers">
        Drivers
      </Link>
    </nav>
  );
}
