import { useEffect, useState } from 'react';
import { useEditor } from './store/EditorStoreProvider.tsx';
import { selectNotice } from './store/selectors.ts';

const SHOW_MS = 4_000;

/** Shows the editor's latest refusal ("Connection refused: …") for a few seconds. */
export function NoticeToast() {
  const notice = useEditor(selectNotice);
  const [visible, setVisible] = useState<number | null>(null);
  useEffect(() => {
    if (!notice) return;
    setVisible(notice.id);
    const timer = setTimeout(() => setVisible(null), SHOW_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice || visible !== notice.id) return null;
  return (
    <div className="toast" role="status" aria-live="polite">
      {notice.message}
    </div>
  );
}
