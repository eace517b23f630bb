/** The pure rules of attachments: file names, types from the bytes, sizes in words, download names. */
import { expect } from 'chai';
import { cleanFileName } from '../../../src/chat/attachments';
import { sniffType } from '../../../src/chat/file-types';
import { contentDisposition } from '../../../src/http/attachment-routes';
import { formatFileSize, tooLargeMessage } from '../../../src/shared/file-size';
import { GIF_HEAD, JPEG_HEAD, PNG_1X1, WEBP_HEAD } from '../../support/uploads';

describe('attachments', () => {
  describe('cleanFileName', () => {
    it('drops any path, either kind of slash', () => {
      expect(cleanFileName('/etc/passwd')).to.equal('passwd');
      expect(cleanFileName('..\\..\\boot.ini')).to.equal('boot.ini');
      expect(cleanFileName('a/b\\c.txt')).to.equal('c.txt');
    });
    it('drops control characters and makes an empty name "file"', () => {
      expect(cleanFileName('a\u0000b\u001fc\u007f.png')).to.equal('abc.png');
      expect(cleanFileName('')).to.equal('file');
      expect(cleanFileName('dir/')).to.equal('file');
      expect(cleanFileName('\r\n')).to.equal('file');
    });
    it('keeps at most 255 code points, and the extension of a long name', () => {
      const name = cleanFileName(`${'😀'.repeat(300)}.jpeg`);
      expect([...name]).to.have.length(255);
      expect(name.endsWith('😀.jpeg')).to.equal(true);
      expect([...cleanFileName('é'.repeat(255))]).to.have.length(255);
    });
  });

  describe('sniffType', () => {
    it('knows the four image types by their first bytes, and nothing else', () => {
      expect(sniffType(PNG_1X1)).to.equal('image/png');
      expect(sniffType(JPEG_HEAD)).to.equal('image/jpeg');
      expect(sniffType(GIF_HEAD)).to.equal('image/gif');
      expect(sniffType(WEBP_HEAD)).to.equal('image/webp');
      expect(sniffType(Buffer.from('RIFF\0\0\0\0WAVE'))).to.equal('application/octet-stream');
      expect(sniffType(Buffer.from('<svg/>'))).to.equal('application/octet-stream');
      expect(sniffType(PNG_1X1.subarray(0, 5))).to.equal('application/octet-stream');
      expect(sniffType(new Uint8Array(0))).to.equal('application/octet-stream');
    });
  });

  describe('formatFileSize', () => {
    it('says sizes the way people read them', () => {
      expect(formatFileSize(1)).to.equal('1 byte');
      expect(formatFileSize(512)).to.equal('512 bytes');
      expect(formatFileSize(2048)).to.equal('2 KB');
      expect(formatFileSize(1536)).to.equal('1.5 KB');
      expect(formatFileSize(10_485_760)).to.equal('10 MB');
      expect(tooLargeMessage('photo.png', 10_485_760)).to.equal('photo.png is larger than 10 MB.');
    });
  });

  describe('contentDisposition', () => {
    it('shows the four image types inline and offers anything else as a download, named per RFC 6266', () => {
      expect(contentDisposition('image/webp', 'a.webp')).to.equal('inline');
      expect(contentDisposition('application/octet-stream', 'Ünïcödé "x"\\y.svg')).to.equal(
        `attachment; filename="_n_c_d_ _x__y.svg"; filename*=UTF-8''%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20%22x%22%5Cy.svg`,
      );
      expect(contentDisposition('application/octet-stream', "it's (1)*.txt")).to.equal(
        `attachment; filename="it's (1)*.txt"; filename*=UTF-8''it%27s%20%281%29%2A.txt`,
      );
    });
  });
});
