import { Anchor, Box, Container, List, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { PageHeading, usePageTitle } from "../ui/page.tsx";

/** The version a contractor accepts with their required information. */
export const AGREEMENT_VERSION = "Version 1";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section">
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/**
 * `/agreement`: the service agreement a contractor accepts with their required information, readable before
 * they accept it (signed in or not), at a comfortable line length.
 */
export function AgreementPage() {
  usePageTitle("Service agreement");
  return (
    <Box mih="100vh" bg="gray.0" py={{ base: "md", sm: 48 }}>
      <Container size={760} px="md">
        <Stack gap="lg">
          <Anchor component={Link} to="/" fw={800} fz={28} underline="never" c="indigo.8" ta="center">
            Crewdesk
          </Anchor>
          <Paper component="main" id="main" withBorder shadow="sm" p={{ base: "md", sm: "xl" }} radius="md">
            <Stack gap="lg" maw="68ch" style={{ lineHeight: 1.6 }}>
              <div>
                <PageHeading size="h2">Service agreement for contractors</PageHeading>
                <Text c="dimmed" size="sm" mt={4}>
                  {AGREEMENT_VERSION}. You accept it when you save your required information in your profile.
                </Text>
              </div>
              <Section title="1. Who this agreement is between">
                <Text>
                  This agreement is between you, working as an independent contractor, and Crewdesk, the
                  platform through which companies invite you, give you tasks and pay you. Each company you
                  work for is your client; Crewdesk is not your employer, and neither is the company.
                </Text>
              </Section>
              <Section title="2. What Crewdesk does">
                <List spacing="xs">
                  <List.Item>Shows you the tasks companies offer you, and keeps their history.</List.Item>
                  <List.Item>
                    Sends you the emails you need: invitations, offers, returns and acceptances.
                  </List.Item>
                  <List.Item>Keeps your required information once for every company you work for.</List.Item>
                </List>
              </Section>
              <Section title="3. Tasks">
                <Text>
                  A task states its work, its amount and currency, and its deadline when it has one. You are
                  free to accept or decline an offer. Once you accept it, you do the work yourself, with your
                  own tools, and submit the result in Crewdesk. The company accepts the result or returns it
                  with a comment saying what should change.
                </Text>
              </Section>
              <Section title="4. Payment">
                <Text>
                  The amount of a task is due to you when the company accepts its result. It is paid in the
                  task's currency. You are responsible for your own taxes and social contributions where you
                  are resident, which is why Crewdesk asks for your tax ID and address.
                </Text>
              </Section>
              <Section title="5. Your information">
                <Text>
                  Your legal name, address, tax ID and phone number are shown to the companies you work for
                  and used to pay you and to meet legal duties. You can correct them in your profile at any
                  time.
                </Text>
              </Section>
              <Section title="6. Confidentiality and results">
                <Text>
                  Keep what a company shares with you for a task confidential. Unless a task says otherwise,
                  the rights to a result pass to the company once it has accepted the result.
                </Text>
              </Section>
              <Section title="7. Ending">
                <Text>
                  You or a company may stop working together at any time. Tasks already accepted by the
                  company are still paid. A company that removes you from its team cancels its open offers to
                  you; work in progress or in review stays visible to you until it is settled.
                </Text>
              </Section>
              <Section title="8. Changes">
                <Text>A new version of this agreement applies to you only once you accept it.</Text>
              </Section>
              <Text size="sm">
                <Anchor component={Link} to="/profile">
                  Back to your profile
                </Anchor>
              </Text>
            </Stack>
          </Paper>
        </Stack>
      </Container>
    </Box>
  );
}
