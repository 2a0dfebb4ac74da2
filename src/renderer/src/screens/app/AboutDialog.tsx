import { Modal } from '@mantine/core';
import { AboutContent } from './AboutContent';
import { useT } from '../../i18n';

export function AboutDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t('about.dialogTitle')} size="lg">
      {opened && <AboutContent />}
    </Modal>
  );
}
