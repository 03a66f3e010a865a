import { surveyFileText, toSurveyFile } from '../../../contract/survey-file.ts';
import type { SurveyKind } from '../../../contract/patterns.ts';
import { Button } from '../../ui/Button.tsx';
import { DownloadIcon } from '../../ui/icons.tsx';
import type { Draft } from './model.ts';

/** Downloads the survey as it stands in the builder, as a survey file (docs/survey-definition.md). */
export function ExportButton({ draft, kind }: { draft: Draft; kind: SurveyKind }) {
  function download() {
    const text = surveyFileText(toSurveyFile({ title: draft.title.trim(), kind, definition: draft.definition }));
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${draft.slug.trim() || 'survey'}.corridor-survey.json`;
    document.body.append(a);
    a.click();
    a.remove();
    // Let the download start before the address goes away.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return (
    <Button variant="ghost" onClick={download} icon={<DownloadIcon size={16} />} data-testid="export-survey" title="Download the questions as a JSON file, to import elsewhere">
      Export JSON
    </Button>
  );
}
