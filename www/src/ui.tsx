import { useRef, type ReactNode } from 'react';

/** How many times the calling component rendered: shown on every slice component. */
export function useRenderCount(): number {
  const count = useRef(0);
  count.current += 1;
  return count.current;
}

export function Renders({ count }: { count: number }) {
  return (
    <span className="renders" data-renders={count} title="Renders of this component: it re-renders only when its own key changes">
      {count}×
    </span>
  );
}

export function Panel(props: { title: string; aside?: ReactNode; children: ReactNode; className?: string; id?: string }) {
  return (
    <section className={`panel ${props.className ?? ''}`} id={props.id} aria-label={props.title}>
      <header className="panel-head">
        <h2>{props.title}</h2>
        {props.aside}
      </header>
      {props.children}
    </section>
  );
}
