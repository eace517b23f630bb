/**
 * "Your nickname": set, change or remove the nickname shown beside the username, with a preview
 * of how others will see it. The same rules as `/nick Name` in the composer.
 */
import type { User } from '../../shared/types';
import { byId } from '../dom';
import { checkNickname, type NameParts } from '../names';
import { isFailure, type Failure } from '../room-requests';
import { Modal } from './modal';
import { setName } from './name';
import { describeError } from '../errors';

export type NicknameDeps = {
  me(): User;
  save(nickname: string | null): Promise<User | Failure>;
  saved(user: User): void;
};

export class NicknameDialog {
  private readonly modal: Modal;
  private readonly form = byId<HTMLFormElement>('nickname-form');
  private readonly input = byId<HTMLInputElement>('nickname-input');
  private readonly preview = byId('nickname-preview');
  private readonly error = byId('nickname-error');
  private readonly clear = byId<HTMLButtonElement>('nickname-clear');
  private busy = false;

  constructor(private readonly deps: NicknameDeps) {
    this.modal = new Modal(byId<HTMLDialogElement>('nickname-dialog'));
    this.input.addEventListener('input', () => this.renderPreview());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const checked = checkNickname(this.input.value);
      if (!checked.ok) return this.showError(checked.error);
      void this.save(checked.value);
    });
    this.clear.addEventListener('click', () => void this.save(null));
  }

  open(): void {
    const me = this.deps.me();
    this.input.value = me.nickname ?? '';
    this.clear.hidden = !me.nickname;
    this.showError('');
    this.renderPreview();
    this.modal.open(this.input);
    this.input.select();
  }

  private async save(nickname: string | null): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const result = await this.deps.save(nickname);
    this.busy = false;
    if (isFailure(result)) return this.showError(describeError('nickname', result.code));
    this.modal.close();
    this.deps.saved(result);
  }

  private renderPreview(): void {
    const { username } = this.deps.me();
    const checked = checkNickname(this.input.value);
    const parts: NameParts = checked.ok ? { username, nickname: checked.value } : { username };
    setName(this.preview, parts);
  }

  private showError(text: string): void {
    this.error.textContent = text;
    if (text) {
      this.input.setAttribute('aria-invalid', 'true');
      this.input.focus();
    } else {
      this.input.removeAttribute('aria-invalid');
    }
  }
}
