import { useState } from 'react';
import { readSurveyFile, type SurveyFile, type SurveyFileIssue } from '../../../contract/survey-file.ts';
import { TextAreaField } from '../../ui/Field.tsx';
import { UploadIcon } from '../../ui/icons.tsx';

/**
 * Import of a survey file (the builder's export, or one written by hand against the published JSON
 * Schema): from a file or pasted. Every problem is listed with its path; a good file is summarised.
 */
export function ImportPanel({ onRead, serverIssues }: { onRead: (file: SurveyFile | null, name: string) => void; serverIssues: SurveyFileIssue[] }) {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [issues, setIssues] = useState<SurveyFileIssue[]>([]);
  const [file, setFile] = useState<SurveyFile | null>(null);

  function read(content: string, from: string) {
    setText(content);
    setName(from);
    if (!content.trim()) {
      setIssues([]);
      setFile(null);
      onRead(null, from);
      return;
    }
    const r = readSurveyFile(content);
    setIssues(r.ok ? [] : r.issues);
    setFile(r.ok ? r.file : null);
    onRead(r.ok ? r.file : null, from);
  }

  const shown = [...issues, ...serverIssues];
  return (
    <div className="stack" data-testid="import-panel">
      <div className="file-pick">
        <label className="btn" htmlFor="import-file">
          <UploadIcon size={16} /> Choose a file…
        </label>
        <input
          id="import-file"
          className="sr-only"
          type="file"
          accept=".json,application/json"
          data-testid="import-file"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) read(await f.text(), f.name);
          }}
        />
        <span className="small muted">{name && name !== 'pasted text' ? name : 'A .json file exported from Corridor'}</span>
      </div>
      <TextAreaField
        label="Or paste the file’s text"
        rows={6}
        className="mono-input"
        value={text}
        spellCheck={false}
        placeholder={'{ "corridorSurvey": 1, "title": "…", "kind": "transactional", "definition": { "questions": [ … ] } }'}
        onChange={(e) => read(e.target.value, 'pasted text')}
        hint={
          <>
            The format is described by <a href="/api/v1/schemas/survey-file.json">its JSON Schema</a>.
          </>
        }
        data-testid="import-text"
      />
      {shown.length > 0 && (
        <div className="alert alert-error" role="alert" data-testid="import-issues">
          <div>
            <strong>{shown.length === 1 ? 'One problem' : `${shown.length} problems`} in the file; nothing was created.</strong>
            <ul>
              {shown.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  <code>{i.path || '(file)'}</code>: {i.message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {file && serverIssues.length === 0 && (
        <div className="alert alert-success" role="status" data-testid="import-ok">
          <div>
            <strong>Ready to import:</strong> “{file.title}”, {file.definition.questions.length} {file.definition.questions.length === 1 ? 'question' : 'questions'}.
          </div>
        </div>
      )}
    </div>
  );
}
