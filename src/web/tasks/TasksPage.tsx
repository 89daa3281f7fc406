import { PlaceholderPage } from "../app/PlaceholderPage.tsx";

export function TasksPage() {
  return (
    <PlaceholderPage
      title="Tasks"
      intro="Here you will give paid work to your contractors:"
      items={[
        "Add a task, and invite a new contractor from inside the task form.",
        "Import many tasks at once from an XLSX or CSV file, starting from the sample file.",
        "Follow every task from Draft to Completed, and accept or return submitted work.",
      ]}
    />
  );
}
