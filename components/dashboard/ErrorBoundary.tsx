import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Last line of defence: an unexpected error shows a message instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Handlebook dashboard error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="hb-dash hb-crash">
        <div className="hb-error hb-banner" role="alert">
          <p>Something went wrong in the dashboard: {this.state.error.message}</p>
          <button type="button" className="hb-btn" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      </div>
    );
  }
}
