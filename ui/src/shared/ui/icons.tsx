// Small stroke icons drawn inline (no icon font, no remote assets).
import type { ElementKind } from '../../bindings';

type P = { size?: number; className?: string };

function Svg({ size = 16, className, children }: P & { children: React.ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const EntityIcon = (p: P) => (
  <Svg {...p}>
    <rect x="2" y="4" width="12" height="8" rx="0.5" />
  </Svg>
);
export const ProcessIcon = (p: P) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="5.5" />
  </Svg>
);
export const StoreIcon = (p: P) => (
  <Svg {...p}>
    <path d="M2 4.5h12M2 11.5h12" />
  </Svg>
);
export const BoundaryIcon = (p: P) => (
  <Svg {...p}>
    <rect x="2" y="2.5" width="12" height="11" rx="1" strokeDasharray="2.2 1.8" />
  </Svg>
);
export const LineBoundaryIcon = (p: P) => (
  <Svg {...p}>
    <path d="M2 13 6.5 6.5 10 9l4-6" strokeDasharray="2.2 1.8" />
  </Svg>
);
export const FlowIcon = (p: P) => (
  <Svg {...p}>
    <path d="M2 12C5 12 6 4 13 4" />
    <path d="M10.5 2.5 13 4l-2 2.2" />
  </Svg>
);
export const UndoIcon = (p: P) => (
  <Svg {...p}>
    <path d="M5.5 3.5 2.5 6.5l3 3" />
    <path d="M2.5 6.5h7a4 4 0 0 1 0 8H7" />
  </Svg>
);
export const RedoIcon = (p: P) => (
  <Svg {...p}>
    <path d="m10.5 3.5 3 3-3 3" />
    <path d="M13.5 6.5h-7a4 4 0 0 0 0 8H9" />
  </Svg>
);
export const PlusIcon = (p: P) => (
  <Svg {...p}>
    <path d="M8 3v10M3 8h10" />
  </Svg>
);
export const CloseIcon = (p: P) => (
  <Svg {...p}>
    <path d="m4 4 8 8M12 4l-8 8" />
  </Svg>
);
export const WarnIcon = (p: P) => (
  <Svg {...p}>
    <path d="M8 2.2 14.5 13.5h-13z" />
    <path d="M8 6.5v3M8 11.6v.1" />
  </Svg>
);
export const CheckIcon = (p: P) => (
  <Svg {...p}>
    <path d="m3 8.5 3 3 7-7" />
  </Svg>
);
export const ChevronRight = (p: P) => (
  <Svg {...p}>
    <path d="m6 3.5 4.5 4.5L6 12.5" />
  </Svg>
);
export const FitIcon = (p: P) => (
  <Svg {...p}>
    <path d="M2.5 6V2.5H6M10 2.5h3.5V6M13.5 10v3.5H10M6 13.5H2.5V10" />
  </Svg>
);
export const ZoomInIcon = (p: P) => (
  <Svg {...p}>
    <path d="M8 4v8M4 8h8" />
  </Svg>
);
export const ZoomOutIcon = (p: P) => (
  <Svg {...p}>
    <path d="M4 8h8" />
  </Svg>
);

export const PanelIcon = (p: P) => (
  <Svg {...p}>
    <rect x="2" y="3" width="12" height="10" rx="1.5" />
    <path d="M10 3v10" />
  </Svg>
);

export const ThreatIcon = (p: P) => (
  <Svg {...p}>
    <path d="M8 1.8 13.5 4v3.6c0 3.2-2.3 5.6-5.5 6.6-3.2-1-5.5-3.4-5.5-6.6V4z" />
    <path d="M8 5.2v3.2M8 10.6v.1" />
  </Svg>
);

export const CoverageIcon = (p: P) => (
  <Svg {...p}>
    <rect x="2" y="2" width="5" height="5" rx="1" />
    <rect x="9" y="2" width="5" height="5" rx="1" />
    <rect x="2" y="9" width="5" height="5" rx="1" />
    <path d="m9.5 11.5 1.5 1.5 3-3" />
  </Svg>
);

export const ListIcon = (p: P) => (
  <Svg {...p}>
    <rect x="2" y="3" width="12" height="10" rx="1.5" />
    <path d="M2 9.5h12" />
  </Svg>
);

/** The team's library: two books on a shelf. */
export const LibraryIcon = (p: P) => (
  <Svg {...p}>
    <rect x="2.5" y="2.5" width="3.5" height="11" rx="0.8" />
    <rect x="7" y="2.5" width="3.5" height="11" rx="0.8" />
    <path d="m11.6 3.4 2.4.7-2.2 9.4-2.3-.6" />
  </Svg>
);

/** The app mark: a loom of three threads crossing a dashed boundary. */
export const Logo = ({ size = 20 }: { size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    <rect x="1" y="1" width="18" height="18" rx="5" fill="#4f46e5" />
    <path d="M5 6.5h10M5 10h10M5 13.5h10" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" opacity="0.95" />
    <path d="M10 3.5v13" stroke="#fbbf24" strokeWidth="1.6" strokeDasharray="1.6 1.6" />
  </svg>
);

export function KindIcon({ kind, size, className }: { kind: ElementKind } & P) {
  switch (kind) {
    case 'external_entity':
      return <EntityIcon size={size} className={className} />;
    case 'process':
      return <ProcessIcon size={size} className={className} />;
    case 'data_store':
      return <StoreIcon size={size} className={className} />;
    case 'trust_boundary':
      return <BoundaryIcon size={size} className={className} />;
    default:
      return <FlowIcon size={size} className={className} />;
  }
}
