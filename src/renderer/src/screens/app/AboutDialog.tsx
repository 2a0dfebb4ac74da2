import { Modal } from '@mantine/core';
import { AboutContent } from './AboutContent';

export function AboutDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="About IXO Back Office" size="lg">
      {opened && <AboutContent />}
    </Modal>
  );
}
