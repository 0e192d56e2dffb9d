/** What a page renders: its element, plus hooks for work that needs it in the document (charts) and cleanup. */
export interface View {
  title: string;
  element: HTMLElement;
  mounted?: () => void;
  dispose?: () => void;
}
