import { Button, FileButton, Group, Paper, Stack, Text } from "@mantine/core";
import { type DragEvent, useState } from "react";
import { IMPORT_FILE_ACCEPT } from "../../common/imports/limits.ts";

/**
 * Drop a file here, or choose one with the button (keyboard and screen readers use the button; the area
 * only adds dragging). One file at a time.
 */
export function FileDrop({ onFile, busy }: { onFile: (file: File) => void; busy: boolean }) {
  const [over, setOver] = useState(false);
  const take = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !busy) onFile(file);
  };
  return (
    <Paper
      withBorder
      p="xl"
      radius="md"
      style={{
        borderStyle: "dashed",
        borderWidth: 2,
        borderColor: over ? "var(--mantine-color-blue-6)" : undefined,
        background: over ? "var(--mantine-color-blue-light)" : undefined,
      }}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={take}
      data-testid="import-drop-zone"
    >
      <Stack align="center" gap="sm">
        <Text fw={500}>Drag your CSV or XLSX file here</Text>
        <Text size="sm" c="dimmed">
          or
        </Text>
        <Group>
          <FileButton onChange={(file) => file && onFile(file)} accept={IMPORT_FILE_ACCEPT.join(",")}>
            {(props) => (
              <Button {...props} loading={busy}>
                Choose a file
              </Button>
            )}
          </FileButton>
        </Group>
        <Text size="sm" c="dimmed">
          Up to 50 MB and 100,000 rows. The first row names the columns.
        </Text>
      </Stack>
    </Paper>
  );
}
