import IconButton from '@material-ui/core/IconButton';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@material-ui/icons/KeyboardArrowUp';

/** The toggle that opens an item row onto its logs and events. */
export function ItemExpander(props: {
  item: string;
  expanded: boolean;
  onToggle: () => void;
}) {
  const label = `${props.expanded ? 'Hide' : 'Show'} logs and events of ${
    props.item
  }`;
  return (
    <IconButton
      size="small"
      aria-label={label}
      title={label}
      aria-expanded={props.expanded}
      onClick={props.onToggle}
    >
      {props.expanded ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
    </IconButton>
  );
}
