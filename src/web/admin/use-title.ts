import { useEffect } from 'react';

/** Sets the browser tab's title: "Surveys · Corridor". */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Corridor` : 'Corridor';
  }, [title]);
}
