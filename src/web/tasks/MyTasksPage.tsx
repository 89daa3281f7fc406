import { PlaceholderPage } from "../app/PlaceholderPage.tsx";

export function MyTasksPage() {
  return (
    <PlaceholderPage
      title="My tasks"
      intro="Here you will see the tasks companies give you:"
      items={[
        "Accept or decline the tasks offered to you.",
        "Submit your result when the work is done.",
        "Follow your tasks for every company you work with.",
      ]}
    />
  );
}
