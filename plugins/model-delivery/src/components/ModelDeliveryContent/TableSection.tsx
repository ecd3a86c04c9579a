import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode, useId } from 'react';

const useStyles = makeStyles(theme => ({
  section: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
}));

/**
 * A titled section of the tab holding one small table; the heading names both the section
 * and the table for screen readers. `children` are the table's rows.
 */
export function TableSection(props: {
  title: string;
  columns: string[];
  children: ReactNode;
}) {
  const classes = useStyles();
  const headingId = useId();
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      className={classes.section}
    >
      <Typography variant="h6" component="h2" id={headingId}>
        {props.title}
      </Typography>
      <Table size="small" aria-labelledby={headingId}>
        <TableHead>
          <TableRow>
            {props.columns.map(column => (
              <TableCell key={column}>{column}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>{props.children}</TableBody>
      </Table>
    </Paper>
  );
}
