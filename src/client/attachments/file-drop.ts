/**
 * The three ways files reach the tray: the `Attach files` input, dropping files onto the
 * conversation, and pasting an image (a screenshot) into the page.
 */
export type FileSources = {
  input: HTMLInputElement;
  /** Where files may be dropped. */
  dropZone: HTMLElement;
};

function filesOf(list: FileList | null | undefined): File[] {
  return list ? Array.from(list) : [];
}

export function listenForFiles({ input, dropZone }: FileSources, add: (files: File[]) => void): void {
  input.addEventListener('change', () => {
    const files = filesOf(input.files);
    input.value = ''; // the same file may be chosen again
    if (files.length > 0) add(files);
  });

  const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
  dropZone.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    dropZone.classList.add('drop-target');
  });
  dropZone.addEventListener('dragleave', (event) => {
    if (event.relatedTarget instanceof Node && dropZone.contains(event.relatedTarget)) return;
    dropZone.classList.remove('drop-target');
  });
  dropZone.addEventListener('drop', (event) => {
    dropZone.classList.remove('drop-target');
    const files = filesOf(event.dataTransfer?.files);
    if (files.length === 0) return;
    event.preventDefault();
    add(files);
  });

  document.addEventListener('paste', (event) => {
    const items = Array.from(event.clipboardData?.items ?? []);
    const files = items.flatMap((item) => {
      const file = item.kind === 'file' ? item.getAsFile() : null;
      return file ? [file] : [];
    });
    if (files.length === 0) return;
    // Text copied along with an image is still pasted as text; a lone image goes only to the tray.
    if (!items.some((item) => item.kind === 'string' && item.type === 'text/plain')) event.preventDefault();
    add(files);
  });
}
