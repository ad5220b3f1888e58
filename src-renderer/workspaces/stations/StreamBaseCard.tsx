import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationList } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';

/**
 * Where receivers pull from: the address of this studio's stream server as the communes reach it
 * (a public address or a port forward). Until it is set, the studio's guess is shown as such.
 */
export function StreamBaseCard({
  list,
  canWrite,
  onSaved,
}: {
  list: StationList;
  canWrite: boolean;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<StudioCallError | null>(null);

  const save = async (streamBaseUrl: string | null) => {
    setError(null);
    try {
      await client.api.stations.configure({ streamBaseUrl });
      setEditing(false);
      onSaved();
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(value.trim());
  };

  return (
    <div className="card stream-base" data-testid="stream-base">
      <div className="row spread wrap">
        <div>
          <h2>{t('stations.base.title')}</h2>
          <code className="path" data-testid="stream-base-url">
            {list.streamBaseUrl}
          </code>
          {list.streamBaseIsDefault && <span className="tag">{t('stations.base.default')}</span>}
        </div>
        {canWrite && !editing && (
          <button
            type="button"
            className="btn"
            data-testid="stream-base-edit"
            onClick={() => {
              setValue(list.streamBaseIsDefault ? '' : list.streamBaseUrl);
              setEditing(true);
            }}
          >
            {t('stations.base.change')}
          </button>
        )}
      </div>
      <p className="muted small">
        {list.streamBaseIsDefault ? t('stations.base.defaultHint') : t('stations.base.hint')}
      </p>
      {editing && (
        <form className="row wrap" onSubmit={submit}>
          <input
            className="input stream-base-input"
            type="url"
            inputMode="url"
            spellCheck={false}
            value={value}
            placeholder="http://203.0.113.5:8000"
            aria-label={t('stations.base.title')}
            data-testid="stream-base-input"
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit" className="btn btn-primary" disabled={!value.trim()}>
            {t('stations.base.save')}
          </button>
          {!list.streamBaseIsDefault && (
            <button type="button" className="btn" onClick={() => void save(null)}>
              {t('stations.base.reset')}
            </button>
          )}
          <button type="button" className="btn" onClick={() => setEditing(false)}>
            {t('stations.form.cancel')}
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
